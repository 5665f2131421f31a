/**
 * Deterministic names (docs/architecture.md §4): from the shard id and the sequence numbers of the
 * records involved, never from the clock or a random id. A Kinesis batch is a contiguous
 * run of one shard, so two objects with the same name hold the same records: processing a
 * batch again overwrites its objects instead of adding copies.
 */
import { type ErrorCode, hourPath } from '@event-pipeline/schema';

/** `<shard id>_<first sequence number>_<last sequence number>`: names a run of one shard. */
export function rangeName(shardId: string, firstSequence: string, lastSequence: string): string {
  return `${shardId}_${firstSequence}_${lastSequence}`;
}

/** The ledger's `batch_id`: the range of the whole batch. */
export const batchId = rangeName;

/** `raw/<partition path>`: where the transformer's trigger listens. */
export function rawFolder(partition: string): string {
  return `raw/${partition}`;
}

/** `quarantine/reason=<code>/year=/month=/day=/hour=`, the hour the record reached the stream (UTC). */
export function quarantineFolder(code: ErrorCode, arrivedAt: Date): string {
  return `quarantine/reason=${code}/${hourPath(arrivedAt)}`;
}

/** `<folder>/data_<range>.json` */
export function objectKey(folder: string, range: string): string {
  return `${folder}/data_${range}.json`;
}
