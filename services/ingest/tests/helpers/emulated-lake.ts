/**
 * The ingest handler with real AWS SDK clients against in-process s3rver and dynalite, the raw
 * bucket and the ledger table created there: the setup of the emulator tests.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { createLakeResources, type Emulators, startEmulators } from '@event-pipeline/emulators';
import { quietObservability, SHARD_ID } from '@event-pipeline/runtime/testing';
import { afterAll, beforeAll } from '@jest/globals';
import { createHandler, type IngestHandler } from '../../src/handler.js';
import { captureEmf, type EmfCapture } from './emf.js';
import { testConfig } from './factories.js';

export interface EmulatedLake {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBDocumentClient;
  /** The handler writing to `bucket` (the raw bucket by default) and to the ledger table. */
  handler(bucket?: string): IngestHandler;
  /** The ledger items of a shard (this suite's by default), through the `ShardIndex` GSI. */
  queryShard(shardId?: string): Promise<QueryCommandOutput>;
}

/**
 * Registers, for the enclosing describe block: before its tests, EMF output captured, the s3
 * and dynamodb emulators started with the raw bucket and the ledger table, and clients on
 * them; after its tests, all of it undone.
 */
export function useEmulatedLake(names: { bucket: string; table: string }): EmulatedLake {
  let emulators: Emulators;
  let emf: EmfCapture;
  let s3: S3Client;
  let dynamodb: DynamoDBDocumentClient;

  beforeAll(async () => {
    emf = captureEmf();
    emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
    s3 = new S3Client(emulators.clientConfig('s3'));
    dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(emulators.clientConfig('dynamodb')));
    await createLakeResources(emulators, { buckets: [names.bucket], table: names.table });
  });
  afterAll(async () => {
    s3.destroy();
    dynamodb.destroy();
    await emulators.stop();
    emf.restore();
  });

  return {
    get s3() {
      return s3;
    },
    get dynamodb() {
      return dynamodb;
    },
    handler: (bucket = names.bucket) => {
      const config = testConfig({ rawBucket: bucket, ledgerTable: names.table });
      return createHandler({ config, s3, dynamodb, observability: quietObservability(config.serviceName) });
    },
    queryShard: (shardId = SHARD_ID) =>
      dynamodb.send(
        new QueryCommand({
          TableName: names.table,
          IndexName: 'ShardIndex',
          KeyConditionExpression: 'shard_id = :shard',
          ExpressionAttributeValues: { ':shard': shardId },
        }),
      ),
  };
}
