/** The compaction core on processed lines in memory: which rows, in which order, what is quarantined. */
import { CURATED_COLUMNS, type PipelineEvent } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import type { CellValue } from '../../../src/core/curated-row.js';
import { type CompactionPlan, PartitionCompaction } from '../../../src/core/partition-compaction.js';
import { MemoryRowStore } from '../../../src/core/row-store.js';
import { partitionOf, processedRecord, sampleEvents } from '../../helpers/processed-lines.js';

const COLUMNS = CURATED_COLUMNS.transaction;
const column = (name: string) => COLUMNS.findIndex((c) => c.name === name);

function compaction(partition: string) {
  return new PartitionCompaction(partition, 'transaction', new MemoryRowStore());
}

/** Every kept row as an object, in row order. */
function rowsOf(plan: CompactionPlan, groupRows = 1000): Array<Record<string, CellValue>> {
  const rows: Array<Record<string, CellValue>> = [];
  for (const group of plan.rowGroups(groupRows))
    for (let r = 0; r < group.rows; r++)
      rows.push(Object.fromEntries(COLUMNS.map((c, i) => [c.name, group.columns[i]![r]!])));
  return rows;
}

const events = sampleEvents(40);
const partition = partitionOf(events[0]!);
const line = (event: PipelineEvent, index: number, options = {}) =>
  JSON.stringify(processedRecord(event, index, options));

describe('PartitionCompaction', () => {
  it('keeps one row per record id, sorted by event time then record id', () => {
    const c = compaction(partition);
    events.forEach((event, i) => {
      c.addLine(line(event, i), { source: 0, lineNumber: i + 1 });
    });
    const plan = c.finish();
    const rows = rowsOf(plan, 7);
    expect(plan.rows).toBe(40);
    expect(rows).toHaveLength(40);
    const keys = rows.map((row) => [row.event_time as number, row.record_id as string] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expect(keys).toEqual(sorted);
    expect(new Set(rows.map((row) => row.record_id)).size).toBe(40);
  });

  it('drops duplicates, keeping the earliest processed_timestamp, ties by raw_object', () => {
    const c = compaction(partition);
    const event = events[0]!;
    const late = line(event, 0, { processedAt: '2024-01-15T11:00:00.000Z', rawObject: 's3://raw/a.json' });
    const earlyB = line(event, 0, { processedAt: '2024-01-15T10:59:00.000Z', rawObject: 's3://raw/b.json' });
    const earlyA = line(event, 0, { processedAt: '2024-01-15T10:59:00.000Z', rawObject: 's3://raw/a2.json' });
    c.addLine(late, { source: 0, lineNumber: 1 });
    c.addLine(earlyB, { source: 1, lineNumber: 1 });
    c.addLine(earlyA, { source: 2, lineNumber: 1 });
    const plan = c.finish();
    expect(plan).toMatchObject({ rows: 1, duplicates: 2, conflicts: [] });
    const [row] = rowsOf(plan);
    expect(row).toMatchObject({
      raw_object: 's3://raw/a2.json',
      processed_time: Date.parse('2024-01-15T10:59:00.000Z'),
    });
  });

  it('reports a conflict when a record id carries other content, keeping the first by the rule', () => {
    const c = compaction(partition);
    const original = processedRecord(events[1]!, 1, { processedAt: '2024-01-15T10:59:00.000Z' });
    const other = {
      ...original,
      processed_timestamp: '2024-01-15T11:30:00.000Z',
      original_data: { ...original.original_data, amount: 1.5 },
    };
    c.addLine(JSON.stringify(other), { source: 0, lineNumber: 3 });
    c.addLine(JSON.stringify(original), { source: 1, lineNumber: 1 });
    // The conflicting content delivered twice is quarantined once, the second counted as a duplicate.
    c.addLine(JSON.stringify(other), { source: 2, lineNumber: 9 });
    const plan = c.finish();
    expect(plan.rows).toBe(1);
    expect(plan.duplicates).toBe(1);
    expect(plan.conflicts).toEqual([
      {
        recordId: original.record_id,
        kept: { source: 1, lineNumber: 1 },
        other: { source: 0, lineNumber: 3 },
      },
    ]);
    expect(rowsOf(plan)[0]!.amount).toBe((original.original_data as { amount: number }).amount);
  });

  it('sends bad lines back with their reason, and compacts the rest', () => {
    const c = compaction(partition);
    const good = processedRecord(events[2]!, 2);
    const outcomes = [
      c.addLine('{"record_id":', { source: 0, lineNumber: 1 }),
      c.addLine('   ', { source: 0, lineNumber: 2 }),
      c.addLine(JSON.stringify({ ...good, original_data: { ...good.original_data, currency: 'usd' } }), {
        source: 0,
        lineNumber: 3,
      }),
      c.addLine(JSON.stringify({ ...good, record_id: 'abc' }), { source: 0, lineNumber: 4 }),
      c.addLine(JSON.stringify({ ...good, enriched_data: { ...good.enriched_data, is_high_value: 'no' } }), {
        source: 0,
        lineNumber: 5,
      }),
      c.addLine(JSON.stringify({ ...good, original_timestamp: '2023-01-01T00:00:00Z' }), {
        source: 0,
        lineNumber: 6,
      }),
      c.addLine(JSON.stringify(good), { source: 0, lineNumber: 7 }),
    ];
    expect(outcomes.map((o) => (o.kind === 'bad' ? `${o.error.code} ${o.error.path}` : o.kind))).toEqual([
      'not_json ',
      'blank',
      'bad_value /original_data/currency',
      'bad_value /record_id',
      'wrong_type /enriched_data/is_high_value',
      'wrong_partition /original_timestamp',
      'row',
    ]);
    expect(c.finish().rows).toBe(1);
  });

  it('leaves event_id and source null for an event sent without them', () => {
    const c = compaction(partition);
    const { event_id: _id, source: _source, ...bare } = events[4]!;
    c.addLine(line(bare as PipelineEvent, 4), { source: 0, lineNumber: 1 });
    const [row] = rowsOf(c.finish());
    expect(row).toMatchObject({ event_id: null, source: null, original_timestamp: events[4]!.timestamp });
  });

  it('fills every column: times in ms, dates in days, extra data fields as JSON', () => {
    const c = compaction(partition);
    const record = processedRecord(events[3]!, 3);
    const withExtra = { ...record, original_data: { ...record.original_data, channel: 'web', tags: ['a'] } };
    c.addLine(JSON.stringify(withExtra), { source: 0, lineNumber: 1 });
    const [row] = rowsOf(c.finish());
    const enriched = record.enriched_data as Record<string, unknown>;
    const data = record.original_data as Record<string, unknown>;
    expect(row).toEqual({
      record_id: record.record_id,
      event_id: events[3]!.event_id,
      event_time: Date.parse(record.original_timestamp),
      original_timestamp: record.original_timestamp,
      source: events[3]!.source,
      shard_id: record.kinesis_metadata.shard_id,
      sequence_number: record.kinesis_metadata.sequence_number,
      partition_key: record.kinesis_metadata.partition_key,
      arrival_time: Date.parse(record.original_timestamp) + 250,
      processed_time: Date.parse(record.processed_timestamp),
      raw_object: record.metadata.raw_object,
      extra: '{"channel":"web","tags":["a"]}',
      transaction_id: data.transaction_id,
      user_id: data.user_id,
      amount: data.amount,
      currency: data.currency,
      transaction_date: Date.parse(`${enriched.transaction_date}T00:00:00Z`) / 86_400_000,
      amount_category: enriched.amount_category,
      is_high_value: enriched.is_high_value,
    });
    expect(column('extra')).toBeGreaterThan(-1);
  });

  it('reads event_id and source when the line carries them', () => {
    const c = compaction(partition);
    const record = { ...processedRecord(events[4]!, 4), event_id: 'evt-1', source: 'checkout' };
    c.addLine(JSON.stringify(record), { source: 0, lineNumber: 1 });
    expect(rowsOf(c.finish())[0]).toMatchObject({ event_id: 'evt-1', source: 'checkout' });
  });

  it('keeps the same rows whatever order the lines arrive in', () => {
    const lines = events.map((event, i) => line(event, i));
    const forward = compaction(partition);
    for (const [i, text] of lines.entries()) forward.addLine(text, { source: i, lineNumber: 1 });
    const backward = compaction(partition);
    for (const [i, text] of [...lines].reverse().entries())
      backward.addLine(text, { source: i, lineNumber: 1 });
    expect(rowsOf(backward.finish())).toEqual(rowsOf(forward.finish()));
  });
});
