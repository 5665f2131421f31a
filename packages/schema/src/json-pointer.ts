/** JSON Pointers (RFC 6901), the `path` of every validation error. */

/** One reference token: `~` and `/` escaped, so any key round-trips. */
export function pointerToken(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(tokens: ReadonlyArray<string | number>): string {
  let out = '';
  for (const token of tokens) out += `/${pointerToken(token)}`;
  return out;
}

/** The unescaped last token of a pointer ('' for the root). */
export function lastToken(path: string): string {
  return path
    .slice(path.lastIndexOf('/') + 1)
    .replaceAll('~1', '/')
    .replaceAll('~0', '~');
}
