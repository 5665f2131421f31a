/**
 * JSON text of strings and numbers, exactly as JSON.stringify writes them, for the hot paths
 * that assemble lines from parts (ingest's raw lines, the transformer's processed lines):
 * cheaper than the general call on the values they meet, the same text on every value.
 */

/**
 * `text` as a JSON string. Stream positions, partition keys and ids seldom need an escape: a
 * scan of their characters costs less than the stringify call.
 */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, `"` and `\` are escaped; surrogates are left to JSON.stringify (a
    // lone one is written as its escape).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** `.d`, `.dd` or `.ddd` (no trailing zero) for each non-zero millisecond, made as needed. */
const MILLISECONDS: string[] = [];
const millisecondsText = (ms: number): string =>
  (MILLISECONDS[ms] ??= `.${String(1000 + ms)
    .slice(1)
    .replace(/0+$/, '')}`);
/** Below 2^33 s (the year 2242), doubles are far closer together than a millisecond (see jsonNumber). */
const EPOCH_SECONDS_LIMIT = 2 ** 33;

/**
 * A number as JSON.stringify writes it: `null` unless finite, else the shortest digits that read
 * back as the same double. Epoch seconds with at most millisecond digits (what Kinesis reports)
 * are written from their whole seconds and a cached fraction, which costs a third of the general
 * conversion: when `ms / 1000` reads back as the value and doubles there are less than 10^-6
 * apart, no other decimal of at most three fraction digits (they are 10^-3 apart) reads back as
 * it, so that decimal is the shortest.
 */
export function jsonNumber(value: number): string {
  if (value >= 1 && value < EPOCH_SECONDS_LIMIT) {
    const ms = Math.round(value * 1000);
    if (ms / 1000 === value) {
      const fraction = ms % 1000;
      const seconds = String((ms - fraction) / 1000);
      return fraction === 0 ? seconds : seconds + millisecondsText(fraction);
    }
  }
  return Number.isFinite(value) ? String(value) : 'null';
}
