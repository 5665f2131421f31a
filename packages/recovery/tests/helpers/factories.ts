/** Builders shared by the recovery tests: shard records, ledger batches, DLQ messages, a target. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { StackTarget } from '@event-pipeline/cli';
import {
  asyncFailureRecord,
  type FunctionSpec,
  kinesisFailureRecord,
  type ShardRecord,
} from '@event-pipeline/local';
import { SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import { type Sample, sampleBatch } from '@event-pipeline/schema';
import type { S3Event } from 'aws-lambda';
import type { LedgerBatch } from '../../src/ledger-batches.js';

export const STREAM_NAME = 'event-pipeline-test-stream';
export const STREAM_ARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM_NAME}`;
export const RAW_BUCKET = 'event-pipeline-test-raw';
export const ARRIVAL = new Date('2024-01-15T10:30:00.000Z');

/** Records `from`..`from + count - 1` of one shard (sample events, one second of arrival apart). */
export function shardRecords(
  count: number,
  options: { from?: number; samples?: Sample[]; shardId?: string } = {},
): ShardRecord[] {
  const from = options.from ?? 0;
  const samples = options.samples ?? sampleBatch(from + count, { seed: 7 }).slice(from);
  return samples.slice(0, count).map((sample, i) => ({
    shardId: options.shardId ?? SHARD_ID,
    sequenceNumber: sequenceNumber(from + i),
    partitionKey: sample.partitionKey,
    data: sample.bytes,
    approximateArrivalTimestamp: new Date(ARRIVAL.getTime() + (from + i) * 1000),
  }));
}

export function ledgerBatch(records: readonly ShardRecord[], objects: string[]): LedgerBatch {
  const first = records[0]!.sequenceNumber;
  const last = records[records.length - 1]!.sequenceNumber;
  return {
    batchId: `${SHARD_ID}_${first}_${last}`,
    shardId: SHARD_ID,
    processedAt: '2024-01-15T10:31:00.000Z',
    firstSequenceNumber: first,
    lastSequenceNumber: last,
    totalRecords: records.length,
    objects,
  };
}

/** The message the Kinesis mapping sends to its on-failure destination for `records`. */
export function ingestDlqBody(records: readonly ShardRecord[], streamArn = STREAM_ARN): string {
  return JSON.stringify(
    kinesisFailureRecord({
      records,
      requestId: 'request-1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:processor',
      streamArn,
      condition: 'RetryAttemptsExhausted',
      invokeCount: 4,
      functionError: false,
      now: new Date('2024-01-15T10:35:00.000Z'),
    }),
  );
}

/** The message Lambda sends to the transformer's on-failure destination for `event`. */
export function transformDlqBody(event: S3Event): string {
  return JSON.stringify(
    asyncFailureRecord({
      requestId: 'request-2',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:transformer',
      invokeCount: 3,
      event,
      error: new Error('could not write s3://processed/x: SlowDown'),
      now: new Date('2024-01-15T10:36:00.000Z'),
    }),
  );
}

function deployedFunction(name: string, environment: Record<string, string>): FunctionSpec {
  return {
    logicalId: name,
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    roleArn: `arn:aws:iam::000000000000:role/${name}`,
    timeoutSeconds: 60,
    memoryMb: 512,
    environment,
  };
}

/** A target of made-up names whose clients unit tests mock (aws-sdk-client-mock). */
export function testTarget(overrides: Partial<StackTarget> = {}): StackTarget {
  const region = 'us-east-1';
  return {
    description: 'the test target',
    stage: 'test',
    region,
    accountId: '000000000000',
    identityArn: 'arn:aws:iam::000000000000:user/tester',
    clients: {
      kinesis: new KinesisClient({ region }),
      s3: new S3Client({ region }),
      dynamodb: new DynamoDBClient({ region }),
      sqs: new SQSClient({ region }),
    },
    stream: { name: STREAM_NAME, arn: STREAM_ARN },
    rawBucket: RAW_BUCKET,
    processedBucket: 'event-pipeline-test-processed',
    ledger: { table: 'event-pipeline-test-metadata', shardIndex: 'ShardIndex' },
    dlq: {
      ingest: 'https://sqs.us-east-1.amazonaws.com/000000000000/ingest-dlq',
      transform: 'https://sqs.us-east-1.amazonaws.com/000000000000/transform-dlq',
    },
    functions: {
      ingest: deployedFunction('processor', { RAW_BUCKET, LEDGER_TABLE: 'event-pipeline-test-metadata' }),
      transform: deployedFunction('transformer', {
        PROCESSED_BUCKET: 'event-pipeline-test-processed',
        LEDGER_TABLE: 'event-pipeline-test-metadata',
      }),
    },
    ingestBatchSize: 100,
    reader: { getRecordsIntervalMs: 0 },
    receiveWaitSeconds: 0,
    destroy: () => undefined,
    ...overrides,
  };
}
