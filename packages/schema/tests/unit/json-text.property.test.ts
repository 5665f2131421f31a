/** The JSON pieces lines are assembled from write exactly what JSON.stringify writes. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { jsonNumber, jsonString, type KinesisMetadata, kinesisMetadataText } from '../../src/index.js';

const hostileString = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '/',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      '😀',
      '\ud800',
      '\udfff',
      'a',
    ),
    maxLength: 12,
  }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
/** Epoch seconds to the millisecond, past the fast path's upper bound too. */
const epochSeconds = fc.integer({ min: 0, max: 2 ** 33 * 1000 + 5000 }).map((ms) => ms / 1000);
const anyNumber = fc.oneof(
  epochSeconds,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1, 0.001, 1e21, 1e-7, 2 ** 33, 2 ** 33 - 0.001, -1705312800.25),
);

describe('JSON text', () => {
  it('writes strings as JSON.stringify does', () => {
    fc.assert(fc.property(hostileString, (value) => expect(jsonString(value)).toBe(JSON.stringify(value))));
  });

  it('writes numbers as JSON.stringify does: epoch seconds to the millisecond, and any other double', () => {
    fc.assert(
      fc.property(anyNumber, (value) => expect(jsonNumber(value)).toBe(JSON.stringify(value))),
      { numRuns: 5000 },
    );
  });

  it('writes a kinesis_metadata as JSON.stringify does, whatever its fields and their order', () => {
    const field = fc.oneof(hostileString, anyNumber, fc.constant(null), fc.boolean());
    const metadata = fc.oneof(
      fc.record({
        shard_id: hostileString,
        sequence_number: hostileString,
        partition_key: hostileString,
        approximate_arrival_timestamp: anyNumber,
      }),
      fc.dictionary(
        fc.constantFrom(
          'shard_id',
          'sequence_number',
          'partition_key',
          'approximate_arrival_timestamp',
          'extra',
        ),
        field,
      ),
    );
    fc.assert(
      fc.property(metadata, (value) =>
        expect(kinesisMetadataText(value as unknown as KinesisMetadata)).toBe(JSON.stringify(value)),
      ),
      { numRuns: 2000 },
    );
  });
});
