import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ERROR_CODES, sampleBatch, validate } from '../../src/index.js';

/**
 * Whatever the bytes: validate returns (never throws), gives a known code with a message and a
 * JSON Pointer, gives the same answer twice, and a valid event survives the raw lake's
 * re-serialisation unchanged.
 */
function expectWellBehaved(bytes: Uint8Array): void {
  const result = validate(bytes);
  expect(validate(bytes)).toEqual(result);
  if (result.ok) {
    const line = JSON.stringify(result.event);
    const again = validate(Buffer.from(line));
    expect(again.ok && JSON.stringify(again.event)).toBe(line);
    return;
  }
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.path === '' || result.error.path.startsWith('/')).toBe(true);
}

const validBytes = sampleBatch(200, { seed: 5 }).map((sample) => sample.bytes);

/** Byte-level damage to a valid record: overwrite, delete or insert a few bytes. */
const damagedRecord = fc
  .tuple(
    fc.constantFrom(...validBytes),
    fc.array(
      fc.tuple(
        fc.constantFrom('set', 'delete', 'insert'),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([original, edits]) => {
    let bytes = Buffer.from(original);
    for (const [edit, position, data] of edits) {
      const at = position % (bytes.length + 1);
      if (edit === 'set')
        bytes = Buffer.concat([bytes.subarray(0, at), data, bytes.subarray(at + data.length)]);
      else if (edit === 'delete')
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + data.length)]);
      else bytes = Buffer.concat([bytes.subarray(0, at), data, bytes.subarray(at)]);
    }
    return bytes;
  });

/** A valid event with one field (anywhere) replaced by an arbitrary JSON value. */
const eventWithRandomField = fc
  .tuple(
    fc.constantFrom(...sampleBatch(50, { seed: 9 }).flatMap((s) => (s.valid ? [s.event] : []))),
    fc.constantFrom(
      'event_type',
      'timestamp',
      'data',
      'event_id',
      'extra',
      'data.value',
      'data.amount',
      'data.x',
    ),
    fc.jsonValue({ maxDepth: 4 }),
  )
  .map(([event, field, value]) => {
    const copy = structuredClone(event) as Record<string, unknown> & { data: Record<string, unknown> };
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail === undefined) copy[head] = value;
    else copy.data[tail] = value;
    return Buffer.from(JSON.stringify(copy));
  });

describe('validate, property-based', () => {
  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), expectWellBehaved), { numRuns: 300 });
  });

  it('never throws on valid records damaged byte by byte', () => {
    fc.assert(fc.property(damagedRecord, expectWellBehaved), { numRuns: 300 });
  });

  it('never throws on random JSON texts, whatever their shape', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => expectWellBehaved(Buffer.from(text))),
      { numRuns: 300 },
    );
  });

  it('never throws on events with any field replaced by any JSON value', () => {
    fc.assert(fc.property(eventWithRandomField, expectWellBehaved), { numRuns: 300 });
  });

  it('never throws on random UTF-16 strings (lone surrogates included) and the JSON made of them', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(codeUnit, fc.constantFrom('{', '"', ':', '\\')), maxLength: 60 }),
        (text) => {
          expectWellBehaved(Buffer.from(text));
          expectWellBehaved(Buffer.from(JSON.stringify({ event_type: 'metric', data: { [text]: text } })));
        },
      ),
      { numRuns: 300 },
    );
  });
});
