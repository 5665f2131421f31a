/**
 * What `npm start` and `npm run compact` say about compaction and the curated dataset: a
 * part of the live line, and labelled rows for the summaries (packages/cli's `table` lays them
 * out). Pure.
 */
import type { CompactionCounters } from './compact-schedule.js';
import type { CuratedReconciliation } from './curated-audit.js';

type Row = [string, string];

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The live line's part: `curated <rows> rows / <partitions> partitions`. */
export function curatedStatus(counters: CompactionCounters): string {
  return `curated ${counters.rows} rows / ${counters.partitions} partitions`;
}

/** Partitions, rows, duplicates dropped, conflicts, quarantined lines, bytes in and out. */
export function compactionRows(counters: CompactionCounters): Row[] {
  const ratio =
    counters.bytesIn > 0 ? ` (${((100 * counters.bytesOut) / counters.bytesIn).toFixed(1)}%)` : '';
  return [
    [
      'partitions',
      `${counters.partitions} compacted in ${counters.runs} run(s), ${counters.failedRuns} failed`,
    ],
    ['rows', `${counters.rows} written to curated/ by these runs (one per record id)`],
    ['duplicates dropped', String(counters.duplicatesDropped)],
    ['conflicts', `${counters.conflicts} (quarantine/reason=conflicting_record_id/)`],
    ['quarantined', `${counters.quarantined} unusable processed lines`],
    [
      'bytes',
      `${megabytes(counters.bytesIn)} of JSON Lines in, ${megabytes(counters.bytesOut)} of Parquet out${ratio}`,
    ],
  ];
}

const someIds = (ids: readonly string[]) =>
  ids.length === 0
    ? '0'
    : `${ids.length}: ${ids
        .slice(0, 3)
        .map((id) => `${id.slice(0, 12)}…`)
        .join(', ')}${ids.length > 3 ? ', ...' : ''}`;

/** curated/ against processed/, as read back with DuckDB. */
export function curatedReconciliationRows(result: CuratedReconciliation): Row[] {
  return [
    [
      'curated/',
      `${result.curatedRows} rows for ${result.processedRecords} distinct records in ${result.processedLines} processed lines of ${result.partitions} partitions (read back with DuckDB)`,
    ],
    [
      '  not curated',
      result.uncurated.length === 0
        ? '0 partitions'
        : `${result.uncurated.length} partitions: ${result.uncurated.slice(0, 3).join(', ')}`,
    ],
    ['  missing', someIds(result.missing)],
    ['  more than once', someIds(result.duplicated)],
    ['  not in processed/', someIds(result.strays)],
    ...(result.unreadableLines > 0 ? [['  unreadable lines', String(result.unreadableLines)] as Row] : []),
  ];
}

/** One line: whether curated/ holds every processed record exactly once. */
export function curatedVerdict(result: CuratedReconciliation): string {
  if (result.partitions === 0) return 'Nothing was processed: no curated/ to reconcile.';
  if (result.complete)
    return `Curated: all ${result.processedRecords} processed records are in curated/ exactly once.`;
  return `curated/ NOT reconciled: ${result.uncurated.length} partitions not curated, ${result.missing.length} records missing, ${result.duplicated.length} more than once, ${result.strays.length} not in processed/.`;
}
