/**
 * The pending-partition protocol between the transformer and the compactor, in the ledger
 * table (docs/architecture.md §8). One item per partition-hour:
 *
 *   key       batch_id = `partition#<partition path>`, processed_at = `partition`
 *   stage     `partition`; partition: the path
 *   version   a counter every processed object written to the partition increments
 *   last_processed_at   ISO time of the latest such write
 *   compact_queue       `pending` while the partition has writes not yet compacted (absent
 *                       otherwise): with last_processed_at, the key of the sparse GSI
 *                       PendingPartitionIndex, so a run reads only pending partitions
 *   lease_owner, lease_until   the run compacting it now (compactor only)
 *   compacted_version, compacted_at, curated_key   what the last compaction covered
 *
 * The transformer, after its processed object is stored, sends markPartitionPending (an
 * unconditional update: ADD version, SET compact_queue and last_processed_at). The compactor
 * clears compact_queue only on the condition that `version` is still the one it read before
 * listing the partition's objects, so a write that races a compaction leaves the partition
 * pending: nothing written is ever left uncompacted.
 */

export const PENDING_PARTITION_INDEX = 'PendingPartitionIndex';
/** The value of `compact_queue` on a pending partition item (the index's one hash key). */
export const PENDING_QUEUE = 'pending';
export const PARTITION_ITEM_PREFIX = 'partition#';
/** The range key value of every partition item (the table's key is batch_id + processed_at). */
export const PARTITION_ITEM_SORT_KEY = 'partition';

export interface PartitionItemKey {
  batch_id: string;
  processed_at: string;
}

export function partitionItemKey(partition: string): PartitionItemKey {
  return { batch_id: `${PARTITION_ITEM_PREFIX}${partition}`, processed_at: PARTITION_ITEM_SORT_KEY };
}

/** A DynamoDB DocumentClient UpdateItem input (`new UpdateCommand(input)`). */
export interface PartitionUpdate {
  TableName: string;
  Key: PartitionItemKey;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * The transformer's side: after `processed/<partition>/...` is stored, mark the partition
 * pending with the time of that write. Unconditional, so concurrent transformers never fail
 * each other; each write bumps `version`, which is what the compactor's condition checks.
 */
export function markPartitionPending(input: {
  table: string;
  partition: string;
  /** When the processed object was stored (the clock of the writer). */
  processedAt: Date;
}): PartitionUpdate {
  return {
    TableName: input.table,
    Key: partitionItemKey(input.partition),
    UpdateExpression:
      'SET #stage = :stage, #partition = :partition, #queue = :pending, #last = :at ADD #version :one',
    ExpressionAttributeNames: {
      '#stage': 'stage',
      '#partition': 'partition',
      '#queue': 'compact_queue',
      '#last': 'last_processed_at',
      '#version': 'version',
    },
    ExpressionAttributeValues: {
      ':stage': 'partition',
      ':partition': input.partition,
      ':pending': PENDING_QUEUE,
      ':at': input.processedAt.toISOString(),
      ':one': 1,
    },
  };
}
