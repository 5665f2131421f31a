/**
 * Property-based: any batch of records, however hostile, is fully accounted for. With S3 and
 * DynamoDB answering, the handler returns no failure, and every record lands exactly once:
 * raw when it validates, quarantined under its code with its original bytes when it does not.
 */

import { sequenceNumber } from '@event-pipeline/runtime/testing';
import { type IngestQuarantineLine, validate } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { captureEmf, type EmfCapture } from '../helpers/emf.js';
import { kinesisEvent, lambdaContext, type RecordInput, validSamples } from '../helpers/factories.js';
import { hostileCorpus, hostileRecord } from '../helpers/hostile-records.js';
import { linesBySequence } from '../helpers/json-lines.js';
import { mockAws, mockedHandler } from '../helpers/mocked-aws.js';

const { reset, writtenObjects, ledgerItems } = mockAws();
let emf: EmfCapture;
beforeAll(() => {
  emf = captureEmf();
});
afterAll(() => emf.restore());

const handler = mockedHandler();

async function run(records: RecordInput[]) {
  reset();
  const response = await handler(kinesisEvent(records), lambdaContext());
  return { response, objects: writtenObjects(), ledger: ledgerItems() };
}

const valid = validSamples(100, 21).map((sample) => sample.bytes);
const smallHostile = hostileCorpus
  .map((entry, index) => hostileRecord(entry, index).bytes)
  .filter((bytes) => bytes.length <= 4096);

/** A valid record with a few bytes overwritten. */
const damaged = fc
  .tuple(fc.constantFrom(...valid), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 3 }))
  .map(([bytes, at, data]) => {
    const copy = Buffer.from(bytes);
    copy.set(data.subarray(0, Math.max(0, copy.length - (at % copy.length))), at % copy.length);
    return copy;
  });

const recordBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(...valid),
  fc.constantFrom(...smallHostile),
  damaged,
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)),
);
const batch = fc.array(
  fc.record({ bytes: recordBytes, partitionKey: fc.string({ minLength: 1, maxLength: 16 }) }),
  { minLength: 1, maxLength: 40 },
);

describe('ingest handler, property-based', () => {
  it('accounts for every record of any batch exactly once and never fails it', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const { response, objects, ledger } = await run(records);

        expect(response).toEqual({ batchItemFailures: [] });
        const lines = linesBySequence(objects);
        expect(lines.size).toBe(records.length);
        records.forEach((record, index) => {
          const { key, line } = lines.get(sequenceNumber(index))!;
          const result = validate(record.bytes);
          if (result.ok) {
            expect(key.startsWith(`raw/event_type=${result.event.event_type}/`)).toBe(true);
          } else {
            expect(key.startsWith(`quarantine/reason=${result.error.code}/`)).toBe(true);
            expect((line as unknown as IngestQuarantineLine).error).toEqual(result.error);
            expect((line as unknown as IngestQuarantineLine).payload).toBe(record.bytes.toString('base64'));
          }
        });
        expect(ledger).toHaveLength(1);
        expect(ledger[0]).toMatchObject({ total_records: records.length });
      }),
      { numRuns: 60 },
    );
  });

  it('writes the same objects, byte for byte, when the same batch is processed again', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const first = await run(records);
        const second = await run(records);
        expect(second.objects).toEqual(first.objects);
      }),
      { numRuns: 30 },
    );
  });
});
