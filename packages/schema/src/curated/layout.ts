/**
 * Where the curated dataset lives in the processed bucket (docs/architecture.md §8): exactly one
 * Parquet object per partition-hour, at the same partition path as `processed/`.
 */

export const CURATED_PREFIX = 'curated/';
export const CURATED_FILE = 'data.parquet';

/** `event_type=<t>/year=YYYY/month=MM/day=DD/hour=HH`, as partitionPath() writes it. */
export const PARTITION_PATH = /^event_type=([a-z_]+)\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}$/;

export function isPartitionPath(path: string): boolean {
  return PARTITION_PATH.test(path);
}

/** The event type a partition path names. */
export function partitionEventType(path: string): string {
  const match = PARTITION_PATH.exec(path);
  if (match === null) throw new RangeError(`not a partition path: ${path}`);
  return match[1]!;
}

/** `curated/<partition>/data.parquet`. */
export function curatedKey(partition: string): string {
  if (!isPartitionPath(partition)) throw new RangeError(`not a partition path: ${partition}`);
  return `${CURATED_PREFIX}${partition}/${CURATED_FILE}`;
}
