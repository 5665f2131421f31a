/**
 * The rows every Parquet writer candidate writes: the curated columns of a transaction
 * partition (docs/architecture.md §8), generated deterministically one row group at a time so
 * that only the writer's own memory grows with the file. Times are epoch milliseconds, dates
 * days since the epoch; each candidate converts them to what its library takes.
 */

import { createRandom } from '@event-pipeline/schema';

export type ColumnKind = 'string' | 'timestamp' | 'date' | 'double' | 'boolean';

/** The transaction partition's columns, in file order; `required` columns are never null. */
export const BENCH_COLUMNS: ReadonlyArray<{ name: string; kind: ColumnKind; required?: boolean }> = [
  { name: 'record_id', kind: 'string', required: true },
  { name: 'event_id', kind: 'string' },
  { name: 'event_time', kind: 'timestamp', required: true },
  { name: 'original_timestamp', kind: 'string', required: true },
  { name: 'source', kind: 'string' },
  { name: 'shard_id', kind: 'string', required: true },
  { name: 'sequence_number', kind: 'string', required: true },
  { name: 'partition_key', kind: 'string' },
  { name: 'arrival_time', kind: 'timestamp' },
  { name: 'processed_time', kind: 'timestamp', required: true },
  { name: 'raw_object', kind: 'string', required: true },
  { name: 'extra', kind: 'string' },
  { name: 'transaction_id', kind: 'string', required: true },
  { name: 'user_id', kind: 'string', required: true },
  { name: 'amount', kind: 'double', required: true },
  { name: 'currency', kind: 'string', required: true },
  { name: 'transaction_date', kind: 'date', required: true },
  { name: 'amount_category', kind: 'string', required: true },
  { name: 'is_high_value', kind: 'boolean', required: true },
];

export type CellValue = string | number | boolean | null;

/** One row group's worth of rows, column by column. */
export interface ColumnBatch {
  rows: number;
  columns: Record<string, CellValue[]>;
}

const HOUR_START = Date.parse('2024-01-15T10:00:00Z');
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CHF'];
const CATEGORIES = ['micro', 'small', 'medium', 'large'];

/** `total` rows in batches of `groupRows`, sorted by event time like a curated file. */
export function* benchBatches(total: number, groupRows: number, seed = 12): Generator<ColumnBatch> {
  // The schema's seeded generator: the same rows in every process.
  const rng = createRandom(seed);
  const random = rng.next;
  const step = 3_600_000 / Math.max(total, 1);
  for (let start = 0; start < total; start += groupRows) {
    const rows = Math.min(groupRows, total - start);
    const columns: Record<string, CellValue[]> = {};
    for (const { name } of BENCH_COLUMNS) columns[name] = new Array<CellValue>(rows);
    for (let i = 0; i < rows; i++) {
      const index = start + i;
      const time = Math.floor(HOUR_START + index * step);
      const amount = Math.round(random() * 2_500_000) / 100;
      const uuid = rng.hex(32);
      columns.record_id![i] = rng.hex(64);
      columns.event_id![i] =
        `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`;
      columns.event_time![i] = time;
      columns.original_timestamp![i] = new Date(time).toISOString();
      columns.source![i] = 'sample-generator';
      columns.shard_id![i] = `shardId-00000000000${index % 2}`;
      columns.sequence_number![i] =
        `4965432109876543210987654321098765432109876543210${String(index).padStart(7, '0')}`;
      columns.partition_key![i] = uuid;
      columns.arrival_time![i] = time + 250;
      columns.processed_time![i] = time + 1_500;
      columns.raw_object![i] =
        `s3://event-pipeline-dev-raw/raw/event_type=transaction/year=2024/month=01/day=15/hour=10/data_shardId-000000000000_${Math.floor(index / 25)}.json`;
      columns.extra![i] = index % 10 === 0 ? '{"channel":"web"}' : null;
      columns.transaction_id![i] = `txn_${rng.hex(16)}`;
      columns.user_id![i] = `user_${1 + Math.floor(random() * 5000)}`;
      columns.amount![i] = amount;
      columns.currency![i] = CURRENCIES[Math.floor(random() * CURRENCIES.length)]!;
      columns.transaction_date![i] = Math.floor(time / 86_400_000);
      columns.amount_category![i] = CATEGORIES[amount < 10 ? 0 : amount < 100 ? 1 : amount < 1000 ? 2 : 3]!;
      columns.is_high_value![i] = amount > 1000;
    }
    yield { rows, columns };
  }
}

/** What a candidate module exports: open a file, write row groups to it one at a time, finish. */
export interface CandidateWriter {
  writeGroup(batch: ColumnBatch): Promise<void> | void;
  finish(): Promise<void>;
}

export type OpenWriter = (file: string) => Promise<CandidateWriter>;

/**
 * Writes `rows` rows in row groups of `groupRows` to `file`, timing only the writer's calls
 * (generating a batch is not the writer's cost). The entry point of every candidate's bundle.
 */
export async function runCandidate(
  open: OpenWriter,
  file: string,
  rows: number,
  groupRows: number,
): Promise<{ writeMs: number }> {
  let writeMs = 0;
  let started = performance.now();
  const writer = await open(file);
  writeMs += performance.now() - started;
  for (const batch of benchBatches(rows, groupRows)) {
    started = performance.now();
    await writer.writeGroup(batch);
    writeMs += performance.now() - started;
  }
  started = performance.now();
  await writer.finish();
  writeMs += performance.now() - started;
  return { writeMs };
}
