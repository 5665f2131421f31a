/** Where UTF-8 goes wrong, for the `not_utf8` message (the failure path only: isUtf8 decides). */

/** The second byte's range for each lead byte that restricts it (Unicode Table 3-7). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf]; // no overlong 3-byte forms
  if (lead === 0xed) return [0x80, 0x9f]; // no surrogates (U+D800-U+DFFF)
  if (lead === 0xf0) return [0x90, 0xbf]; // no overlong 4-byte forms
  if (lead === 0xf4) return [0x80, 0x8f]; // nothing above U+10FFFF
  return [0x80, 0xbf];
}

function sequenceLength(lead: number): number {
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // 0x80-0xC1 (continuation, overlong 2-byte lead) and 0xF5-0xFF never start a sequence
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    const length = sequenceLength(lead);
    if (length === 0) return at;
    if (length > 1) {
      const [low, high] = secondByteRange(lead);
      const second = bytes[at + 1];
      if (second === undefined || second < low || second > high) return at;
      for (let i = 2; i < length; i++) {
        const next = bytes[at + i];
        if (next === undefined || next < 0x80 || next > 0xbf) return at;
      }
    }
    at += length;
  }
  return -1;
}

/** `0xC3 0x28` for the (at most 4) bytes from `offset`. */
export function bytesAt(bytes: Uint8Array, offset: number): string {
  return [...bytes.subarray(offset, offset + 4)]
    .map((byte) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join(' ');
}
