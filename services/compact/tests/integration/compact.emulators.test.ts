/**
 * The compactor's handler with real AWS SDK clients against s3rver and dynalite: processed
 * objects in, partitions marked pending as the transformer will mark them, curated Parquet read
 * back with DuckDB (not the writer), quarantine objects and ledger items checked.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CURATED_COLUMNS, curatedKey, type PipelineEvent, partitionItemKey } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPartitionLedger, type PartitionLedger } from '../../src/adapters/partition-ledger.js';
import { MemoryRowStore } from '../../src/core/row-store.js';
import { createHandler } from '../../src/handler.js';
import { compactionQuarantineKey } from '../../src/keys.js';
import { COMPACT_METRICS } from '../../src/metrics.js';
import { planRun } from '../../src/plan.js';
import { RunFailedError, type RunObserver } from '../../src/run.js';
import { readParquet } from '../helpers/duckdb.js';
import {
  type EmulatedLake,
  LEDGER_TABLE,
  lambdaContext,
  startEmulatedLake,
  testConfig,
} from '../helpers/emulated-lake.js';
import { metricTotal, quietObservability } from '../helpers/observability.js';
import { processedLines, processedRecord, sampleEvents } from '../helpers/processed-lines.js';

let lake: EmulatedLake;
let clock = new Date('2024-02-01T12:00:00.000Z');
const minutesLater = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
  return clock;
};

function compactor(
  options: {
    ledger?: (real: PartitionLedger) => PartitionLedger;
    memoryStore?: boolean;
    observer?: RunObserver;
  } = {},
) {
  const { observability, metrics } = quietObservability();
  const real = createPartitionLedger(lake.ddb, LEDGER_TABLE);
  const handler = createHandler({
    config: testConfig(),
    s3: lake.s3,
    dynamodb: lake.ddb,
    observability,
    ledger: options.ledger ? options.ledger(real) : real,
    ...(options.memoryStore ? { newRowStore: () => new MemoryRowStore() } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    now: () => clock,
  });
  return { run: (event = {}) => handler(event, lambdaContext()), metrics };
}

/** Writes events as processed objects of `perObject` lines (the transformer's keys) and marks their partition pending. */
async function deliver(
  partition: string,
  batches: ReadonlyArray<{ file: string; lines: readonly string[] }>,
): Promise<void> {
  for (const { file, lines } of batches) await lake.putProcessed(`processed/${partition}/${file}`, lines);
  await lake.markPending(partition, clock);
}

/** What earlier tests left pending, compacted, so that a test sees only its own partitions. */
async function drainPending(): Promise<void> {
  await compactor().run({ all: true });
}

const distinct = (lines: readonly string[]) =>
  new Set(lines.map((line) => (JSON.parse(line) as { record_id: string }).record_id));

async function ledgerItems(batchIdPrefix: string) {
  const items = [];
  for (const type of ['compact']) {
    const { Items } = await lake.ddb.send(
      new QueryCommand({
        TableName: LEDGER_TABLE,
        KeyConditionExpression: 'batch_id = :id',
        ExpressionAttributeValues: { ':id': batchIdPrefix },
      }),
    );
    items.push(...(Items ?? []).filter((item) => item.stage === type));
  }
  return items;
}

beforeAll(async () => {
  lake = await startEmulatedLake();
});

afterAll(async () => {
  await lake?.stop();
});

describe('compactor against s3rver and dynalite', () => {
  const transactions = sampleEvents(120, { eventType: 'transaction', hour: '2024-01-15T10:00:00.000Z' });
  const txPartition = 'event_type=transaction/year=2024/month=01/day=15/hour=10';
  const txLines = processedLines(transactions);

  it('compacts each quiet pending partition into one sorted, typed Parquet object with each record once', async () => {
    // Three objects; the third re-delivers 30 records of the first (a retried batch).
    await deliver(txPartition, [
      { file: 'data_a.json', lines: txLines.slice(0, 60) },
      { file: 'data_b.json', lines: txLines.slice(60) },
      {
        file: 'data_c.json',
        lines: transactions
          .slice(0, 30)
          .map((event, i) =>
            JSON.stringify(processedRecord(event, i, { processedAt: '2024-01-15T11:00:00.000Z' })),
          ),
      },
    ]);
    minutesLater(6);
    const { run, metrics } = compactor();
    const summary = await run();

    expect(summary.compacted).toEqual([
      expect.objectContaining({
        partition: txPartition,
        rows: 120,
        duplicates_dropped: 30,
        conflicts: 0,
        completed: true,
      }),
    ]);
    const file = await readParquet(await lake.getBytes(curatedKey(txPartition)));
    expect(file.rows).toHaveLength(distinct(txLines).size);
    expect(new Set(file.rows.map((row) => row.record_id)).size).toBe(120);
    expect(file.columns.map((c) => c.name)).toEqual(CURATED_COLUMNS.transaction.map((c) => c.name));
    const types = Object.fromEntries(file.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      record_id: 'VARCHAR',
      event_time: 'TIMESTAMP WITH TIME ZONE',
      processed_time: 'TIMESTAMP WITH TIME ZONE',
      amount: 'DOUBLE',
      transaction_date: 'DATE',
      is_high_value: 'BOOLEAN',
      extra: 'VARCHAR',
    });
    expect(file.schema.record_id).toMatchObject({
      type: 'BYTE_ARRAY',
      converted: 'UTF8',
      repetition: 'REQUIRED',
    });
    expect(file.schema.record_id!.logical).toContain('StringType');
    expect(file.schema.event_time!.logical).toContain('isAdjustedToUTC=1');
    expect(file.schema.transaction_date!.logical).toContain('DateType');
    expect(file.codecs).toEqual(['SNAPPY']);
    expect(file.createdBy).toBe('event-pipeline compact');
    // The producer's event_id and source, carried by the transformer's lines, fill their columns.
    const sent = new Map(transactions.map((event, i) => [processedRecord(event, i).record_id, event]));
    for (const row of file.rows) {
      const event = sent.get(String(row.record_id))!;
      expect([row.event_id, row.source]).toEqual([event.event_id, event.source]);
    }
    expect(file.rows.every((row) => typeof row.event_id === 'string' && row.source !== null)).toBe(true);
    const order = file.rows.map((row) => [String(row.event_time), String(row.record_id)].join(' '));
    const times = file.rows.map((row) => (row.event_time as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
    // The earliest processed copy of each re-delivered record was kept.
    expect(
      file.rows.every((row) => (row.processed_time as Date).getTime() < Date.parse('2024-01-15T11:00:00Z')),
    ).toBe(true);

    const item = await lake.partitionItem(txPartition);
    expect(item).not.toHaveProperty('compact_queue');
    expect(item).not.toHaveProperty('lease_owner');
    expect(item).toMatchObject({ compacted_version: 1, curated_key: curatedKey(txPartition) });
    expect(await ledgerItems(`compact#${txPartition}#1`)).toEqual([
      expect.objectContaining({
        stage: 'compact',
        partition: txPartition,
        source_objects: 3,
        lines: 150,
        rows: 120,
        duplicates_dropped: 30,
        conflicts: 0,
        output_key: curatedKey(txPartition),
      }),
    ]);
    expect(metricTotal(metrics, COMPACT_METRICS.duplicatesDropped)).toBe(30);
    expect(metricTotal(metrics, COMPACT_METRICS.rows)).toBe(120);
  });

  it('writes byte-identical objects when the same inputs are compacted again', async () => {
    const before = await lake.getBytes(curatedKey(txPartition));
    await lake.markPending(txPartition, clock);
    minutesLater(6);
    const summary = await compactor({ memoryStore: true }).run();
    expect(summary.compacted.map((c) => c.partition)).toEqual([txPartition]);
    expect(Buffer.from(await lake.getBytes(curatedKey(txPartition))).equals(Buffer.from(before))).toBe(true);
  });

  it('leaves a partition alone until it has been quiet for the settle time', async () => {
    const metrics = sampleEvents(20, { eventType: 'metric', hour: '2024-01-15T10:00:00.000Z' });
    const partition = 'event_type=metric/year=2024/month=01/day=15/hour=10';
    await deliver(partition, [{ file: 'data_m.json', lines: processedLines(metrics) }]);
    minutesLater(2);
    expect((await compactor().run()).compacted).toEqual([]);
    expect(await lake.partitionItem(partition)).toHaveProperty('compact_queue', 'pending');
    minutesLater(4);
    const summary = await compactor().run();
    expect(summary.compacted.map((c) => [c.partition, c.rows])).toEqual([[partition, 20]]);
  });

  it('recompacts an old partition when late events reach it', async () => {
    const old = sampleEvents(30, { eventType: 'user_action', hour: '2023-03-01T05:00:00.000Z', seed: 5 });
    const partition = 'event_type=user_action/year=2023/month=03/day=01/hour=05';
    await deliver(partition, [{ file: 'data_1.json', lines: processedLines(old.slice(0, 20)) }]);
    minutesLater(6);
    await compactor().run();
    expect((await readParquet(await lake.getBytes(curatedKey(partition)))).rows).toHaveLength(20);

    minutesLater(60);
    await deliver(partition, [
      { file: 'data_2.json', lines: old.slice(20).map((e, i) => JSON.stringify(processedRecord(e, 20 + i))) },
    ]);
    minutesLater(6);
    const summary = await compactor().run();
    expect(summary.compacted.map((c) => [c.partition, c.rows])).toEqual([[partition, 30]]);
    expect((await readParquet(await lake.getBytes(curatedKey(partition)))).rows).toHaveLength(30);
    expect(await lake.partitionItem(partition)).toMatchObject({ version: 2, compacted_version: 2 });
  });

  it('after a crash between writing the object and marking the partition, the next run writes the same object', async () => {
    const events = sampleEvents(25, { eventType: 'system_event', hour: '2024-01-16T00:00:00.000Z' });
    const partition = 'event_type=system_event/year=2024/month=01/day=16/hour=00';
    await deliver(partition, [{ file: 'data_s.json', lines: processedLines(events) }]);
    minutesLater(6);
    const crashing = compactor({
      ledger: (real) => ({
        ...real,
        complete: async () => {
          throw new Error('connection reset');
        },
      }),
    });
    await expect(crashing.run()).rejects.toThrow(RunFailedError);
    const first = await lake.getBytes(curatedKey(partition));
    expect(await lake.partitionItem(partition)).toHaveProperty('compact_queue', 'pending');
    expect(metricTotal(crashing.metrics, COMPACT_METRICS.partitionsFailed)).toBe(1);

    minutesLater(15);
    const summary = await compactor().run();
    expect(summary.compacted.map((c) => c.partition)).toEqual([partition]);
    expect(Buffer.from(await lake.getBytes(curatedKey(partition))).equals(Buffer.from(first))).toBe(true);
    expect(await lake.partitionItem(partition)).not.toHaveProperty('compact_queue');
  });

  it('keeps a partition pending when a processed object arrives during its compaction', async () => {
    const events = sampleEvents(10, { eventType: 'metric', hour: '2024-01-17T08:00:00.000Z' });
    const partition = 'event_type=metric/year=2024/month=01/day=17/hour=08';
    await deliver(partition, [{ file: 'data_x.json', lines: processedLines(events) }]);
    minutesLater(6);
    const racing = compactor({
      ledger: (real) => ({
        ...real,
        complete: async (lease, done) => {
          await lake.markPending(partition, clock); // the transformer, meanwhile
          return real.complete(lease, done);
        },
      }),
    });
    const summary = await racing.run();
    expect(summary.compacted).toEqual([expect.objectContaining({ partition, completed: false })]);
    expect(await lake.partitionItem(partition)).toMatchObject({ compact_queue: 'pending', version: 2 });
    expect(await lake.partitionItem(partition)).not.toHaveProperty('lease_owner');
  });

  it('skips a partition another run holds', async () => {
    const events = sampleEvents(5, { eventType: 'metric', hour: '2024-01-18T08:00:00.000Z' });
    const partition = 'event_type=metric/year=2024/month=01/day=18/hour=08';
    await deliver(partition, [{ file: 'data_y.json', lines: processedLines(events) }]);
    minutesLater(6);
    const other = createPartitionLedger(lake.ddb, LEDGER_TABLE);
    const lease = await other.lease(partition, 'other-run', clock, new Date(clock.getTime() + 600_000));
    expect(lease).toBeDefined();
    const summary = await compactor().run({ partitions: [partition] });
    expect(summary).toMatchObject({ compacted: [], skipped: [partition] });
    await other.release(lease!);
  });

  it('quarantines conflicting and bad lines with their lineage, and still compacts the partition', async () => {
    const events: PipelineEvent[] = sampleEvents(8, {
      eventType: 'transaction',
      hour: '2024-01-19T09:00:00.000Z',
    });
    const partition = 'event_type=transaction/year=2024/month=01/day=19/hour=09';
    const kept = processedRecord(events[0]!, 0, { processedAt: '2024-01-19T09:30:00.000Z' });
    const conflicting = {
      ...kept,
      processed_timestamp: '2024-01-19T09:45:00.000Z',
      original_data: { ...kept.original_data, amount: 0.5 },
    };
    await deliver(partition, [
      { file: 'data_1.json', lines: [JSON.stringify(kept), ...processedLines(events).slice(1)] },
      { file: 'data_2.json', lines: ['{"record_id": broken', JSON.stringify(conflicting)] },
    ]);
    minutesLater(6);
    const { run, metrics } = compactor();
    const summary = await run({ partitions: [partition] });
    expect(summary.compacted).toEqual([
      expect.objectContaining({ partition, rows: 8, conflicts: 1, quarantined: 1, duplicates_dropped: 0 }),
    ]);
    expect((await readParquet(await lake.getBytes(curatedKey(partition)))).rows).toHaveLength(8);
    const readLines = async (key: string) =>
      Buffer.from(await lake.getBytes(key))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(await readLines(compactionQuarantineKey(partition, 'not_json'))).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ code: 'not_json' }),
        processed_object: expect.stringContaining(`processed/${partition}/data_2.json`),
        line_number: 1,
        line: '{"record_id": broken',
      }),
    ]);
    expect(await readLines(compactionQuarantineKey(partition, 'conflicting_record_id'))).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ code: 'conflicting_record_id', path: '/record_id' }),
        record_id: kept.record_id,
        processed_object: expect.stringContaining('data_2.json'),
        line_number: 2,
        line: JSON.stringify(conflicting),
        kept: expect.objectContaining({
          processed_object: expect.stringContaining('data_1.json'),
          line_number: 1,
          line: JSON.stringify(kept),
        }),
      }),
    ]);
    expect(metricTotal(metrics, COMPACT_METRICS.conflicts)).toBe(1);
    expect(partitionItemKey(partition).batch_id).toBe(`partition#${partition}`);
  });

  it('compacts every pending partition with `all`, settled or not, telling the observer as it goes', async () => {
    const events = sampleEvents(12, { eventType: 'user_action', hour: '2024-01-20T07:00:00.000Z' });
    const partition = 'event_type=user_action/year=2024/month=01/day=20/hour=07';
    await drainPending();
    await deliver(partition, [{ file: 'data_all.json', lines: processedLines(events) }]);
    minutesLater(1);
    expect((await compactor().run()).compacted).toEqual([]);
    const seen: string[] = [];
    const observer: RunObserver = {
      planned: (partitions) => seen.push(`planned ${partitions.join(',')}`),
      started: (name, index) => seen.push(`started ${index} ${name}`),
      compacted: (result) => seen.push(`compacted ${result.partition} ${result.rows}`),
    };
    const summary = await compactor({ observer }).run({ all: true });
    expect(summary.compacted.map((c) => [c.partition, c.rows])).toEqual([[partition, 12]]);
    expect(seen).toEqual([`planned ${partition}`, `started 0 ${partition}`, `compacted ${partition} 12`]);
    expect(await lake.partitionItem(partition)).not.toHaveProperty('compact_queue');
  });

  it('compacts a named partition even when it is not pending, and one no processed object ever marked', async () => {
    const compacted = 'event_type=user_action/year=2024/month=01/day=20/hour=07';
    const before = await lake.getBytes(curatedKey(compacted));
    const unmarked = 'event_type=system_event/year=2024/month=01/day=21/hour=03';
    const events = sampleEvents(6, { eventType: 'system_event', hour: '2024-01-21T03:00:00.000Z' });
    await lake.putProcessed(`processed/${unmarked}/data_by_hand.json`, processedLines(events));
    expect(await lake.partitionItem(unmarked)).toBeUndefined();

    const summary = await compactor().run({ partitions: [compacted, unmarked] });

    expect(summary.compacted.map((c) => [c.partition, c.rows, c.completed])).toEqual([
      [compacted, 12, true],
      [unmarked, 6, true],
    ]);
    expect(Buffer.from(await lake.getBytes(curatedKey(compacted))).equals(Buffer.from(before))).toBe(true);
    expect((await readParquet(await lake.getBytes(curatedKey(unmarked)))).rows).toHaveLength(6);
    const item = await lake.partitionItem(unmarked);
    expect(item).toMatchObject({ stage: 'partition', partition: unmarked, version: 0, compacted_version: 0 });
    expect(item).not.toHaveProperty('lease_owner');
    // A processed object marked later makes it pending again, like any partition.
    await lake.markPending(unmarked, clock);
    expect(await lake.partitionItem(unmarked)).toMatchObject({ compact_queue: 'pending', version: 1 });
  });

  it('plans a dry run: the partitions a run would take and their processed objects, changing nothing', async () => {
    const events = sampleEvents(9, { eventType: 'metric', hour: '2024-01-22T12:00:00.000Z' });
    const partition = 'event_type=metric/year=2024/month=01/day=22/hour=12';
    await drainPending();
    await deliver(partition, [
      { file: 'data_p1.json', lines: processedLines(events.slice(0, 4)) },
      { file: 'data_p2.json', lines: processedLines(events.slice(4)) },
    ]);
    const deps = {
      s3: lake.s3,
      processedBucket: testConfig().processedBucket,
      ledger: createPartitionLedger(lake.ddb, LEDGER_TABLE),
      settleSeconds: 300,
      maxPartitions: 100,
      clock: () => clock,
    };
    expect(await planRun(deps)).toEqual([]);
    const planned = await planRun(deps, { all: true });
    expect(planned).toEqual([{ partition, objects: 2, bytes: expect.any(Number) }]);
    const lines = processedLines(events);
    expect(planned[0]!.bytes).toBe(lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0));
    expect(await lake.partitionItem(partition)).toMatchObject({ compact_queue: 'pending' });
    expect(await lake.partitionItem(partition)).not.toHaveProperty('lease_owner');
  });
});
