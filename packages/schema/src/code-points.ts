/**
 * String length in Unicode code points, as JSON Schema's minLength and maxLength count it: the
 * compiled validators call this in place of ajv's `ucs2length`. A string without a high
 * surrogate has one code point per UTF-16 unit, and a native search settles that (ajv's loop
 * over every character was two thirds of an event's envelope check).
 */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

export default function codePoints(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    count++;
    const c = text.charCodeAt(at);
    // A high surrogate followed by a low one is one code point; a lone one counts alone.
    if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) at++;
  }
  return count;
}
