/** The validators' string length (minLength, maxLength) is ajv's own count, surrogates and all. */
import { describe, expect, it } from '@jest/globals';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import fc from 'fast-check';
import codePoints from '../../src/code-points.js';
import { validateEvent } from '../../src/index.js';

const ajvCount = (ucs2length as unknown as { default: (text: string) => number }).default;

/** Strings of pairs, lone high and low surrogates (at the end too), ASCII and the BMP. */
const surrogateHeavy = fc.string({
  unit: fc.constantFrom('😀', '\ud800', '\udbff', '\udc00', '\udfff', 'a', 'é', '\uffff'),
  maxLength: 20,
});

describe('codePoints', () => {
  it('counts a pair once and a lone surrogate once', () => {
    expect(codePoints('')).toBe(0);
    expect(codePoints('abc')).toBe(3);
    expect(codePoints('😀😀')).toBe(2);
    expect(codePoints('\ud800')).toBe(1);
    expect(codePoints('a\ud800')).toBe(2);
    expect(codePoints('\ud800\ud800\udc00')).toBe(2);
    expect(codePoints('\udc00\ud800')).toBe(2);
  });

  it('gives what ajv ucs2length gives, on any string', () => {
    fc.assert(
      fc.property(fc.oneof(surrogateHeavy, fc.string({ unit: 'binary' }), fc.string()), (text) => {
        expect(codePoints(text)).toBe(ajvCount(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('is what maxLength counts: 256 emoji are 256 characters, 257 are too many', () => {
    const event = (id: string) => ({
      event_id: id,
      event_type: 'metric',
      timestamp: '2024-01-15T10:00:00Z',
      data: { metric_name: 'm', value: 1 },
    });
    expect(validateEvent(event('😀'.repeat(256))).ok).toBe(true);
    expect(validateEvent(event('😀'.repeat(257)))).toMatchObject({ ok: false, error: { path: '/event_id' } });
  });
});
