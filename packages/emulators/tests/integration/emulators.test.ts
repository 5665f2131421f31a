import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLakeResources, type Emulators, startEmulators } from '../../src/index.js';

describe('startEmulators', () => {
  let emulators: Emulators;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('serves S3 with path-style addressing and the emulator credentials', async () => {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: 'emu-test' }));
    await s3.send(new PutObjectCommand({ Bucket: 'emu-test', Key: 'a/b=c/d.json', Body: '{"x":1}\n' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'emu-test', Key: 'a/b=c/d.json' }));
    expect(await got.Body!.transformToString()).toBe('{"x":1}\n');
  });

  it('reports each stored object to onS3Event listeners until unsubscribed', async () => {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: 'emu-events' }));
    const seen: string[] = [];
    const unsubscribe = emulators.onS3Event((record) =>
      seen.push(`${record.eventName} ${record.s3.bucket.name}/${record.s3.object.key}`),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'emu-events', Key: 'raw/a=b/x.json', Body: '{}\n' }));
    unsubscribe();
    await s3.send(new PutObjectCommand({ Bucket: 'emu-events', Key: 'raw/after.json', Body: '{}\n' }));
    expect(seen).toEqual(['ObjectCreated:Put emu-events/raw/a=b/x.json']);
  });

  it('serves DynamoDB', async () => {
    const ddb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    await ddb.send(
      new CreateTableCommand({
        TableName: 'emu-table',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    expect((await ddb.send(new ListTablesCommand({}))).TableNames).toContain('emu-table');
  });

  it('creates the lake: its buckets and the ledger table with the key schema of resources/table.yml', async () => {
    await createLakeResources(emulators, { buckets: ['lake-raw', 'lake-processed'], table: 'lake-ledger' });
    const s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new HeadBucketCommand({ Bucket: 'lake-raw' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'lake-processed' }));
    const ddb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'lake-ledger' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'batch_id', KeyType: 'HASH' },
      { AttributeName: 'processed_at', KeyType: 'RANGE' },
    ]);
    expect(
      Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema }) => ({ IndexName, KeySchema })),
    ).toEqual([
      {
        IndexName: 'ShardIndex',
        KeySchema: [
          { AttributeName: 'shard_id', KeyType: 'HASH' },
          { AttributeName: 'processed_at', KeyType: 'RANGE' },
        ],
      },
    ]);
  });

  it('serves Kinesis over HTTP/1.1', async () => {
    const kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'emu-stream', ShardCount: 2 }));
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'emu-stream' }));
    expect(summary.StreamDescriptionSummary?.OpenShardCount).toBe(2);
  });

  it('serves SQS', async () => {
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'emu-queue' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('hello');
  });

  it('exposes endpoints as AWS_ENDPOINT_URL_* variables', () => {
    const env = emulators.env();
    expect(env.AWS_ENDPOINT_URL_S3).toBe(emulators.endpoints.s3);
    expect(env.AWS_ENDPOINT_URL_KINESIS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
