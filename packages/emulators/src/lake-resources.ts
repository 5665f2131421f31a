/**
 * The lake's buckets and the ledger table of design.md §4/§6 (resources/table.yml), created on
 * the emulators: what a test of a handler needs before it can write anything.
 */
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Emulators } from './index.js';

export interface LakeResourceNames {
  /** Buckets to create (raw, processed, or both). */
  buckets?: readonly string[];
  /** A ledger table to create, with the design's key schema. */
  table?: string;
}

/** The ledger table: `batch_id` HASH + `processed_at` RANGE, GSI `ShardIndex` on `shard_id` + `processed_at`. */
export function ledgerTableInput(table: string): CreateTableCommandInput {
  return {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'batch_id', AttributeType: 'S' },
      { AttributeName: 'processed_at', AttributeType: 'S' },
      { AttributeName: 'shard_id', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'batch_id', KeyType: 'HASH' },
      { AttributeName: 'processed_at', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'ShardIndex',
        KeySchema: [
          { AttributeName: 'shard_id', KeyType: 'HASH' },
          { AttributeName: 'processed_at', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * Creates the buckets and the ledger table on the emulators (which must serve S3 for buckets,
 * DynamoDB for a table). The clients it uses are left to the emulators' `stop`: they share
 * its request handler, which destroying them would close under the caller's own clients.
 */
export async function createLakeResources(emulators: Emulators, names: LakeResourceNames): Promise<void> {
  const { buckets = [], table } = names;
  if (buckets.length > 0) {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  if (table !== undefined) {
    const dynamodb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    await dynamodb.send(new CreateTableCommand(ledgerTableInput(table)));
  }
}
