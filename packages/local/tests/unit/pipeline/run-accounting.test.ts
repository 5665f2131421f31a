import { recordId } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import type { ShardRecord } from '../../../src/kinesis/lambda-event.js';
import type { Landing } from '../../../src/pipeline/lake-tracker.js';
import { createRunAccounting } from '../../../src/pipeline/run-accounting.js';
import type { ProducedRecord } from '../../../src/producer/producer.js';

const SHARD = 'shardId-000000000000';
const produced = (sequenceNumber: string): ProducedRecord => ({
  recordId: recordId({ eventId: `e${sequenceNumber}`, shardId: SHARD, sequenceNumber }),
  shardId: SHARD,
  sequenceNumber,
  valid: true,
  sentAt: 0,
});
const read = (sequenceNumber: string, data = '{}'): ShardRecord => ({
  shardId: SHARD,
  sequenceNumber,
  partitionKey: 'k',
  data: Buffer.from(data),
  approximateArrivalTimestamp: new Date(0),
});
const processed: Landing = { kind: 'processed', object: 's3://b/k', landedAt: 0 };

describe('the run accounting', () => {
  it('counts invocations and records of both functions', () => {
    const run = createRunAccounting();
    run.ingestInvoked(false);
    run.ingestInvoked(true);
    run.ingested([read('1'), read('2')]);
    run.ingestDeadLettered([read('3')]);
    run.transformInvoked(true);
    run.transformDeadLettered(Promise.resolve([]));
    expect(run.counters()).toEqual({
      ingestInvocations: 2,
      ingestErrors: 1,
      ingested: 2,
      transformInvocations: 1,
      transformErrors: 1,
      ingestDeadLettered: 1,
      transformDeadLettered: 1,
    });
  });

  it('knows when each shard is checkpointed up to the last record produced on it', () => {
    const run = createRunAccounting();
    run.recordProduced([produced('20'), produced('100')]);
    expect(run.checkpointedAll(new Map())).toBe(false);
    // Sequence numbers compare as numbers, not as strings.
    expect(run.checkpointedAll(new Map([[SHARD, '99']]))).toBe(false);
    expect(run.checkpointedAll(new Map([[SHARD, '100']]))).toBe(true);
  });

  it('accounts for a record once it landed or its raw object went to the transform DLQ', async () => {
    const run = createRunAccounting();
    const [landed, lost] = [produced('1'), produced('2')];
    run.recordProduced([landed, lost]);
    const landings = new Map([[landed.recordId, processed]]);
    expect(run.accounted(landings)).toBe(false);
    let readObject: (positions: string[]) => void = () => undefined;
    run.transformDeadLettered(new Promise((resolve) => (readObject = resolve)));
    expect(run.pendingReads()).toBe(1);
    readObject([`${SHARD}:2`]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(run.pendingReads()).toBe(0);
    expect(run.accounted(landings)).toBe(true);
    expect(run.reconcile(landings)).toMatchObject({
      produced: 2,
      processed: 1,
      deadLettered: 1,
      missing: [],
    });
  });

  it("reconciles the records others produced as read from the stream, not this run's twice", () => {
    const run = createRunAccounting();
    const own = produced('1');
    run.recordProduced([own]);
    run.ingested([read('1'), read('2', 'not json')]);
    const result = run.reconcile(new Map([[own.recordId, processed]]));
    expect(result.produced).toBe(2);
    expect(result.processed).toBe(1);
    expect(result.missing).toEqual([expect.objectContaining({ sequenceNumber: '2', valid: false })]);
  });
});
