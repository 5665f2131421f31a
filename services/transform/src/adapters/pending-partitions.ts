/**
 * The transformer's side of the pending-partition protocol (packages/schema's
 * pending-partition.ts, docs/architecture.md §8): once a processed object is stored, its
 * partition is marked pending in the ledger table, so that the compactor finds it without
 * listing the bucket.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { markPartitionPending } from '@event-pipeline/schema';

export class PartitionMarkError extends Error {
  override name = 'PartitionMarkError';
}

export interface PendingPartitions {
  /** The partition received a processed object, stored at `processedAt`. */
  markPending(partition: string, processedAt: Date): Promise<void>;
}

export function createPendingPartitions(dynamodb: DynamoDBDocumentClient, table: string): PendingPartitions {
  return {
    async markPending(partition, processedAt) {
      try {
        await dynamodb.send(new UpdateCommand(markPartitionPending({ table, partition, processedAt })));
      } catch (error) {
        throw new PartitionMarkError(
          `could not mark partition ${partition} pending in table ${table}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
  };
}
