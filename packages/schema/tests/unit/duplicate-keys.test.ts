import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { duplicateKeyIn, findDuplicateKey } from '../../src/duplicate-keys.js';
import { validate } from '../../src/index.js';
import { StructureScan } from '../../src/structure.js';
import { objectTextWithRepeats } from '../helpers/arbitraries.js';
import { referenceDuplicateIn } from '../helpers/reference-json.js';

/** What validate's fast path decides for a text, given what JSON.parse made of it. */
function fastPath(text: string): string | undefined {
  const value: unknown = JSON.parse(text);
  return duplicateKeyIn(text, value, new StructureScan(value, false).keys, text.includes('\\'));
}

describe('findDuplicateKey (the exact scanner)', () => {
  it.each([
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', '/a'],
    ['{"a":{"b":1},"c":{"b":1}}', undefined],
    ['{"a":[{"b":1,"b":2}]}', '/a/0/b'],
    ['[1,[2,{"x":0,"x":1}]]', '/1/1/x'],
    ['{"a":"\\"a\\":1","a":2}', '/a'],
    ['{"a\\"":1,"a\\u0022":2}', '/a"'],
    ['{"k":"\\\\","k":1}', '/k'],
    ['{"x/y~":1,"x/y~":2}', '/x~1y~0'],
    ['{"":1,"":2}', '/'],
    ['{ "a" : 1 ,\n "b" : { "c" : [ ] , "c" : { } } }', '/b/c'],
  ])('%s -> %s', (text, expected) => {
    expect(findDuplicateKey(text)).toBe(expected);
  });
});

describe('duplicate keys, property-based against a reference parser', () => {
  it('the generated texts exercise every path: repeats or not, escapes, escaped colons', () => {
    const texts = fc.sample(objectTextWithRepeats, { numRuns: 1000, seed: 42 });
    const share = (test: (text: string) => boolean) => texts.filter(test).length / texts.length;
    expect(share((t) => referenceDuplicateIn(t) !== undefined)).toBeGreaterThan(0.2);
    expect(share((t) => referenceDuplicateIn(t) === undefined)).toBeGreaterThan(0.2);
    expect(share((t) => t.includes('\\u003a'))).toBeGreaterThan(0.1);
    expect(share((t) => !t.includes('\\') && referenceDuplicateIn(t) === undefined)).toBeGreaterThan(0.05);
  });

  it('findDuplicateKey finds exactly the first repeated key the reference finds', () => {
    fc.assert(
      fc.property(objectTextWithRepeats, (text) => {
        expect(findDuplicateKey(text)).toBe(referenceDuplicateIn(text));
      }),
      { numRuns: 500 },
    );
  });

  it('the counting fast path never misses a duplicate and never invents one', () => {
    fc.assert(
      fc.property(objectTextWithRepeats, (text) => {
        expect(fastPath(text)).toBe(referenceDuplicateIn(text));
      }),
      { numRuns: 500 },
    );
  });

  it('validate reports duplicate_key exactly when the reference finds a repeated key, at its path', () => {
    fc.assert(
      fc.property(objectTextWithRepeats, (text) => {
        const expected = referenceDuplicateIn(text);
        const result = validate(Buffer.from(text));
        if (expected === undefined) expect(result.ok || result.error.code !== 'duplicate_key').toBe(true);
        else expect(result).toMatchObject({ ok: false, error: { code: 'duplicate_key', path: expected } });
      }),
      { numRuns: 500 },
    );
  });

  it('counts exactly even when Object.prototype has an enumerable key (the fast path then stands aside)', () => {
    const text = '{"event_type":"metric","event_type":"metric","timestamp":"2024-01-15T10:30:00Z"}';
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 1;
    try {
      expect(fastPath(text)).toBe('/event_type');
    } finally {
      delete prototype.polluted;
    }
  });
});
