import { request } from 'node:http';
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
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createLakeResources,
  type Emulators,
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmulators,
} from '../../src/index.js';
import { recordHttpTraffic } from '../helpers/http-traffic.js';

/** The status line's HTTP version of a plain GET, without any SDK in between. */
function httpVersionOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      response.resume();
      resolve(response.httpVersion);
    })
      .on('error', reject)
      .end();
  });
}

describe('startEmulators', () => {
  let emulators: Emulators;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('serves S3 with path-style addressing and the emulator credentials', async () => {
    const config = emulators.clientConfig('s3');
    // Forced, not left to the SDK, which keeps path-style only for endpoints that are IP addresses.
    expect(config.forcePathStyle).toBe(true);
    const s3 = new S3Client(config);
    const traffic = recordHttpTraffic();
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'emu-test' }));
      await s3.send(new PutObjectCommand({ Bucket: 'emu-test', Key: 'a/b=c/d.json', Body: '{"x":1}\n' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'emu-test', Key: 'a/b=c/d.json' }));
      expect(await got.Body!.transformToString()).toBe('{"x":1}\n');
    } finally {
      traffic.stop();
    }
    // The bucket is in the path, not in the host name (virtual-hosted: emu-test.127.0.0.1).
    const { host } = new URL(emulators.endpoints.s3!);
    expect(traffic.exchanges.map(({ method, host, path }) => ({ method, host, path }))).toEqual([
      { method: 'PUT', host, path: '/emu-test/' },
      { method: 'PUT', host, path: expect.stringMatching(/^\/emu-test\/a\/b(=|%3D)c\/d\.json(\?|$)/) },
      { method: 'GET', host, path: expect.stringMatching(/^\/emu-test\/a\/b(=|%3D)c\/d\.json(\?|$)/) },
    ]);
    // s3rver knows one access key id, its own (it does not verify SigV4 signatures).
    expect(config.credentials).toMatchObject(LOCAL_CREDENTIALS);
    const stranger = new S3Client({
      ...config,
      credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' },
    });
    await expect(
      stranger.send(new GetObjectCommand({ Bucket: 'emu-test', Key: 'a/b=c/d.json' })),
    ).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
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
      {
        IndexName: 'PendingPartitionIndex',
        KeySchema: [
          { AttributeName: 'compact_queue', KeyType: 'HASH' },
          { AttributeName: 'last_processed_at', KeyType: 'RANGE' },
        ],
      },
    ]);
  });

  it('serves Kinesis over HTTP/1.1, which the client settings choose over the SDK default of HTTP/2', async () => {
    const config = emulators.clientConfig('kinesis');
    expect(config.requestHandler.metadata.handlerProtocol).toBe('http/1.1');
    const kinesis = new KinesisClient(config);
    const traffic = recordHttpTraffic();
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: 'emu-stream', ShardCount: 2 }));
      const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'emu-stream' }));
      expect(summary.StreamDescriptionSummary?.OpenShardCount).toBe(2);
    } finally {
      traffic.stop();
    }
    // Both calls went over node:http (HTTP/2 would go through node:http2, unseen here) and
    // kinesalite answered in HTTP/1.1.
    const { host } = new URL(emulators.endpoints.kinesis!);
    expect(traffic.exchanges.map(({ method, host, httpVersion }) => ({ method, host, httpVersion }))).toEqual(
      [
        { method: 'POST', host, httpVersion: '1.1' },
        { method: 'POST', host, httpVersion: '1.1' },
      ],
    );
    expect(await httpVersionOf(emulators.endpoints.kinesis!)).toBe('1.1');
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

  it('puts the one local account and region in every ARN and queue URL', async () => {
    expect(emulators.accountId).toBe(LOCAL_ACCOUNT_ID);
    const kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'emu-arn-stream', ShardCount: 1 }));
    const { StreamDescriptionSummary: stream } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'emu-arn-stream' }),
    );
    expect(stream?.StreamARN).toBe(
      `arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/emu-arn-stream`,
    );
    const ddb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    await createLakeResources(emulators, { table: 'emu-arn-table' });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'emu-arn-table' }));
    expect(Table?.TableArn).toBe(`arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/emu-arn-table`);
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'emu-arn-queue' }));
    expect(new URL(QueueUrl!).pathname).toBe(`/${LOCAL_ACCOUNT_ID}/emu-arn-queue`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    expect(Attributes?.QueueArn).toBe(`arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:emu-arn-queue`);
  });
});

describe('startEmulators in an environment that names another account and region', () => {
  const saved = { AWS_ACCOUNT_ID: process.env.AWS_ACCOUNT_ID, AWS_REGION: process.env.AWS_REGION };
  let emulators: Emulators;
  beforeAll(async () => {
    process.env.AWS_ACCOUNT_ID = '111122223333';
    process.env.AWS_REGION = 'eu-west-1';
    emulators = await startEmulators({ services: ['kinesis', 'dynamodb'] });
  });
  afterAll(async () => {
    await emulators.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('still makes local ARNs, and leaves the environment as it was', async () => {
    expect(process.env.AWS_ACCOUNT_ID).toBe('111122223333');
    expect(process.env.AWS_REGION).toBe('eu-west-1');
    const kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'env-stream', ShardCount: 1 }));
    const { StreamDescriptionSummary: stream } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'env-stream' }),
    );
    expect(stream?.StreamARN).toBe(`arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/env-stream`);
    await createLakeResources(emulators, { table: 'env-table' });
    const { Table } = await new DynamoDBClient(emulators.clientConfig('dynamodb')).send(
      new DescribeTableCommand({ TableName: 'env-table' }),
    );
    expect(Table?.TableArn).toBe(`arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/env-table`);
  });
});
