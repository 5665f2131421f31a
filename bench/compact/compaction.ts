/**
 * The `compact` entry of `npm run bench` (issue 12): a partition-hour compacted by the
 * service's own core in a fresh process (partition.ts), with the settings the function is
 * deployed with (its heap limit from serverless.yml, its row group size from its config), and
 * the figures against the targets: rows/s and time, peak RSS, curated bytes against JSON Lines
 * bytes. The full run's partition is the issue's: 1.8 million records, an hour of one type at
 * the stream's full 2,000 records/s; a quick run takes a small one.
 */
import { deployedCompactSettings } from './deployed-settings.js';
import { benchPartition, type PartitionBenchResult } from './partition.js';

/** An hour of one type at 2,000 records/s. */
export const PARTITION_HOUR_RECORDS = 1_800_000;
/** Records delivered twice, as a partial retry re-delivers them. */
const DUPLICATE_FRACTION = 0.05;

export interface CompactionResult extends PartitionBenchResult {
  heap_mb: number;
  row_group_rows: number;
  /** Whether this is the partition-hour (the targets apply to it). */
  partition_hour: boolean;
}

export async function benchCompaction(options: {
  rootDir: string;
  records: number;
}): Promise<CompactionResult> {
  const { heapMb, semiSpaceMb, rowGroupRows } = deployedCompactSettings(options.rootDir);
  const result = await benchPartition({
    records: options.records,
    duplicates: DUPLICATE_FRACTION,
    rowGroupRows,
    heapMb,
    semiSpaceMb,
  });
  return {
    ...result,
    heap_mb: heapMb,
    row_group_rows: rowGroupRows,
    partition_hour: options.records >= PARTITION_HOUR_RECORDS,
  };
}
