/**
 * The ledger's two indexes (resources/table.yml): a shard's ingest batches (ShardIndex, by
 * shard and time) and the partitions waiting for compaction (the sparse PendingPartitionIndex,
 * quietest first). Queries only: status never scans the table.
 */
import { type DynamoDBDocumentClient, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PARTITION_ITEM_PREFIX, PENDING_PARTITION_INDEX, PENDING_QUEUE } from '@event-pipeline/schema';
import type { PendingPartitionFacts } from '../facts.js';
import type { LedgerBatch } from '../ledger-batches.js';

export interface LedgerIndex {
  table: string;
  /** The index keyed by shard_id and processed_at. */
  shardIndex: string;
}

const BATCH_ATTRIBUTES = {
  '#batch': 'batch_id',
  '#at': 'processed_at',
  '#total': 'total_records',
  '#failed': 'failed_records',
  '#last': 'last_sequence_number',
  '#retry': 'retry_from_sequence_number',
};
const BATCH_PROJECTION = Object.keys(BATCH_ATTRIBUTES).join(', ');

function ledgerBatch(item: Record<string, unknown>): LedgerBatch {
  const retry = item.retry_from_sequence_number;
  return {
    batchId: String(item.batch_id),
    processedAt: String(item.processed_at),
    totalRecords: Number(item.total_records ?? 0),
    failedRecords: Number(item.failed_records ?? 0),
    lastSequenceNumber: String(item.last_sequence_number),
    ...(typeof retry === 'string' ? { retryFromSequenceNumber: retry } : {}),
  };
}

/**
 * The shard's batches processed since `since`, newest first; when there are none, its newest
 * batch of any time (none at all for a shard the function has not read yet).
 */
export async function shardBatches(
  ddb: DynamoDBDocumentClient,
  ledger: LedgerIndex,
  shardId: string,
  since: Date,
): Promise<LedgerBatch[]> {
  const query = {
    TableName: ledger.table,
    IndexName: ledger.shardIndex,
    ScanIndexForward: false,
    ProjectionExpression: BATCH_PROJECTION,
  };
  const recent: LedgerBatch[] = [];
  const pages = paginateQuery(
    { client: ddb },
    {
      ...query,
      KeyConditionExpression: '#shard = :shard AND #at >= :since',
      ExpressionAttributeNames: { ...BATCH_ATTRIBUTES, '#shard': 'shard_id' },
      ExpressionAttributeValues: { ':shard': shardId, ':since': since.toISOString() },
    },
  );
  for await (const page of pages) recent.push(...(page.Items ?? []).map(ledgerBatch));
  if (recent.length > 0) return recent;
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      ...query,
      KeyConditionExpression: '#shard = :shard',
      ExpressionAttributeNames: { ...BATCH_ATTRIBUTES, '#shard': 'shard_id' },
      ExpressionAttributeValues: { ':shard': shardId },
      Limit: 1,
    }),
  );
  return Items.map(ledgerBatch);
}

/** How many partitions wait for compaction, and the one waiting since the oldest write. */
export async function pendingPartitions(
  ddb: DynamoDBDocumentClient,
  table: string,
  now: Date,
): Promise<PendingPartitionFacts> {
  let count = 0;
  let oldest: PendingPartitionFacts['oldest'];
  const pages = paginateQuery(
    { client: ddb },
    {
      TableName: table,
      IndexName: PENDING_PARTITION_INDEX,
      KeyConditionExpression: '#queue = :pending',
      ExpressionAttributeNames: { '#queue': 'compact_queue' },
      ExpressionAttributeValues: { ':pending': PENDING_QUEUE },
      // Oldest last write first: the first item is the one waiting longest.
      ScanIndexForward: true,
    },
  );
  for await (const page of pages) {
    const items = page.Items ?? [];
    const first = items[0];
    if (oldest === undefined && first !== undefined) {
      const lastProcessedAt = String(first.last_processed_at);
      oldest = {
        partition: String(first.batch_id).slice(PARTITION_ITEM_PREFIX.length),
        lastProcessedAt,
        ageMs: now.getTime() - Date.parse(lastProcessedAt),
      };
    }
    count += items.length;
  }
  return oldest === undefined ? { count } : { count, oldest };
}
