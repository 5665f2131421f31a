import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { firstInvalidUtf8 } from '../../src/utf8.js';

/** Mostly valid UTF-8 with a few stray bytes, so both outcomes are common. */
const nearlyUtf8 = fc
  .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.uint8Array({ maxLength: 3 }), fc.nat())
  .map(([text, stray, at]) => {
    const bytes = Buffer.from(text);
    const cut = at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, cut), stray, bytes.subarray(cut)]);
  });

describe('firstInvalidUtf8', () => {
  it('agrees with isUtf8, and the bytes before the offset are well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyUtf8, fc.uint8Array({ maxLength: 16 })), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        expect(offset === -1).toBe(isUtf8(bytes));
        if (offset !== -1) {
          expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
          expect(offset).toBeLessThan(bytes.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [[0x7b, 0xc3, 0x28], 1],
    [[0xc0, 0xaf], 0],
    [[0xe0, 0x80, 0xaf], 0],
    [[0x41, 0xed, 0xa0, 0x80], 1],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0xe2, 0x82], 0],
    [[0xf0, 0x9f, 0x9a, 0x80, 0xff], 4],
  ])('%j fails at %i', (bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});
