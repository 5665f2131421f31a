/**
 * The processed bucket's keys compaction reads and writes (docs/architecture.md §5, §8):
 *   processed/<partition>/<file>.json                       its inputs
 *   curated/<partition>/data.parquet                        its output (packages/schema's curatedKey)
 *   quarantine/reason=<code>/<partition>/compaction.json    the lines it could not use
 * The quarantine name cannot collide with the transformer's (`data_*.json`), and is rewritten
 * whole by each compaction of the partition, so a retry overwrites instead of adding.
 */
export const PROCESSED_PREFIX = 'processed/';
export const QUARANTINE_PREFIX = 'quarantine/';
export const COMPACTION_QUARANTINE_FILE = 'compaction.json';

export function processedPrefix(partition: string): string {
  return `${PROCESSED_PREFIX}${partition}/`;
}

export function compactionQuarantineKey(partition: string, reason: string): string {
  return `${QUARANTINE_PREFIX}reason=${reason}/${partition}/${COMPACTION_QUARANTINE_FILE}`;
}

/** `s3://<bucket>/<key>`: lineage in quarantine lines and logs. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
