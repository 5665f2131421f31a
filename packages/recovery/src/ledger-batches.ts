/**
 * The ingest batches the ledger recorded for a shard (GSI `ShardIndex`: shard_id +
 * processed_at): each one's sequence range and the objects it wrote. Replaying exactly those
 * ranges reproduces the same object names.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IngestLedgerItem } from '@event-pipeline/ingest';

export interface LedgerBatch {
  batchId: string;
  shardId: string;
  processedAt: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  totalRecords: number;
  /** Keys of the objects the invocation wrote (all of them unless it reported a failure). */
  objects: string[];
}

interface LedgerQuery {
  table: string;
  shardIndex: string;
  shardId: string;
  /** Batches processed at or after this time. */
  since: Date;
}

function toBatch(item: Partial<IngestLedgerItem>): LedgerBatch | undefined {
  const { batch_id, shard_id, processed_at, first_sequence_number, last_sequence_number, total_records } =
    item;
  if (
    item.stage !== 'ingest' ||
    typeof batch_id !== 'string' ||
    typeof shard_id !== 'string' ||
    typeof processed_at !== 'string' ||
    typeof first_sequence_number !== 'string' ||
    typeof last_sequence_number !== 'string' ||
    typeof total_records !== 'number' ||
    !Array.isArray(item.objects)
  )
    return undefined;
  return {
    batchId: batch_id,
    shardId: shard_id,
    processedAt: processed_at,
    firstSequenceNumber: first_sequence_number,
    lastSequenceNumber: last_sequence_number,
    totalRecords: total_records,
    objects: item.objects.filter((key): key is string => typeof key === 'string'),
  };
}

/** The shard's ingest batches processed since `since`; `unreadable` counts items of another shape. */
export async function ingestBatchesSince(
  ledger: DynamoDBDocumentClient,
  query: LedgerQuery,
): Promise<{ batches: LedgerBatch[]; unreadable: number }> {
  const batches: LedgerBatch[] = [];
  let unreadable = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ledger.send(
      new QueryCommand({
        TableName: query.table,
        IndexName: query.shardIndex,
        KeyConditionExpression: 'shard_id = :shard AND processed_at >= :since',
        ExpressionAttributeValues: { ':shard': query.shardId, ':since': query.since.toISOString() },
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      const batch = toBatch(item as Partial<IngestLedgerItem>);
      if (batch === undefined) unreadable++;
      else batches.push(batch);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { batches, unreadable };
}
