/**
 * What S3 answers to a listing, computed from the stored keys alone: the oracle the emulator's
 * listings are checked against. S3 orders keys by their UTF-8 bytes; with a delimiter, the keys
 * that share the text up to the first delimiter after the prefix roll up into one common prefix,
 * which takes the place of its first key and is listed once, and only when it sorts after
 * `startAfter`.
 */

export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortUtf8(keys: Iterable<string>): string[] {
  return [...keys].sort(compareUtf8);
}

export interface ListingQuery {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
}

/** One line of a listing: an object's key, or a common prefix. */
export type ListingEntry = { key: string } | { prefix: string };

export function expectedListing(keys: Iterable<string>, query: ListingQuery = {}): ListingEntry[] {
  const { prefix = '', delimiter = '', startAfter = '' } = query;
  const entries: ListingEntry[] = [];
  let lastPrefix: string | undefined;
  for (const key of sortUtf8(keys)) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const entry = at === -1 ? key : key.slice(0, at + delimiter.length);
    if (compareUtf8(entry, startAfter) <= 0) continue;
    if (at === -1) entries.push({ key });
    else if (entry !== lastPrefix) {
      entries.push({ prefix: entry });
      lastPrefix = entry;
    }
  }
  return entries;
}
