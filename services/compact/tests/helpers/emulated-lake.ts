/**
 * The processed bucket and the ledger table (with the PendingPartitionIndex of
 * resources/table.yml) on the emulators, and the transformer's side of the pending-partition
 * protocol: store processed objects, then mark their partition pending.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createLakeResources, type Emulators, startEmulators } from '@event-pipeline/emulators';
import { markPartitionPending, partitionItemKey } from '@event-pipeline/schema';
import type { Context } from 'aws-lambda';
import type { CompactConfig } from '../../src/config.js';

export const PROCESSED_BUCKET = 'event-pipeline-test-processed';
export const LEDGER_TABLE = 'event-pipeline-test-metadata';

export const testConfig = (overrides: Partial<CompactConfig> = {}): CompactConfig => ({
  processedBucket: PROCESSED_BUCKET,
  ledgerTable: LEDGER_TABLE,
  settleSeconds: 300,
  maxPartitionsPerRun: 100,
  reserveSeconds: 0,
  leaseSeconds: 960,
  rowGroupRows: 50,
  readConcurrency: 4,
  spillDir: '/tmp',
  serviceName: 'compact-test',
  ...overrides,
});

export interface EmulatedLake {
  emulators: Emulators;
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  putProcessed(key: string, lines: readonly string[]): Promise<void>;
  /** The transformer's side: the partition received a processed object at `at`. */
  markPending(partition: string, at: Date): Promise<void>;
  partitionItem(partition: string): Promise<Record<string, unknown> | undefined>;
  getBytes(key: string): Promise<Uint8Array>;
  stop(): Promise<void>;
}

export async function startEmulatedLake(): Promise<EmulatedLake> {
  const emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
  try {
    // The ledger table as resources/table.yml defines it, PendingPartitionIndex included.
    await createLakeResources(emulators, { buckets: [PROCESSED_BUCKET], table: LEDGER_TABLE });
  } catch (error) {
    await emulators.stop();
    throw error;
  }
  const s3 = new S3Client(emulators.clientConfig('s3'));
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(emulators.clientConfig('dynamodb')));
  return {
    emulators,
    s3,
    ddb,
    async putProcessed(key, lines) {
      await s3.send(
        new PutObjectCommand({
          Bucket: PROCESSED_BUCKET,
          Key: key,
          Body: lines.map((l) => `${l}\n`).join(''),
        }),
      );
    },
    async markPending(partition, at) {
      await ddb.send(
        new UpdateCommand(markPartitionPending({ table: LEDGER_TABLE, partition, processedAt: at })),
      );
    },
    async partitionItem(partition) {
      const { Item } = await ddb.send(
        new GetCommand({ TableName: LEDGER_TABLE, Key: partitionItemKey(partition), ConsistentRead: true }),
      );
      return Item;
    },
    async getBytes(key) {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: PROCESSED_BUCKET, Key: key }));
      return Body!.transformToByteArray();
    },
    async stop() {
      s3.destroy();
      ddb.destroy();
      await emulators.stop();
    },
  };
}

let invocation = 0;
export const lambdaContext = (remainingMs = 900_000): Context =>
  ({
    functionName: 'event-pipeline-compact-test-compactor',
    functionVersion: '$LATEST',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:123456789012:function:event-pipeline-compact-test-compactor',
    memoryLimitInMB: '1769',
    awsRequestId: `request-${++invocation}`,
    logGroupName: '/aws/lambda/event-pipeline-compact-test-compactor',
    logStreamName: '2024/01/15/[$LATEST]abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;
