/** The raw bucket and ledger table of design.md §4/§6, created in the emulators. */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { WrittenObject } from './json-lines.js';

export async function createRawBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** `batch_id` HASH + `processed_at` RANGE, GSI `ShardIndex` on `shard_id` + `processed_at`. */
export async function createLedgerTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
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
    }),
  );
}

/** Every object of the bucket with its body, in key order. */
export async function readBucket(s3: S3Client, bucket: string): Promise<WrittenObject[]> {
  const objects: WrittenObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: Key! }));
      objects.push({ key: Key!, body: await object.Body!.transformToString() });
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}
