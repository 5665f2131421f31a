import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Emulators, startEmulatorsInThreads } from '../../src/index.js';

/** The servers listening in this thread (the in-process emulators' would be among them). */
const serversHere = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;

describe('startEmulatorsInThreads (loaded as Jest runs it: ts-jest, VM modules)', () => {
  let emulators: Emulators;
  let dataDir: string;
  let serversBefore: number;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'emulator-thread-'));
    serversBefore = serversHere();
    emulators = await startEmulatorsInThreads({ dataDir, inMemory: true });
  });
  afterAll(async () => {
    await emulators.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves all four services from other threads: none of their servers listens in this one', async () => {
    expect(Object.keys(emulators.endpoints).sort()).toEqual(['dynamodb', 'kinesis', 's3', 'sqs']);
    expect(serversHere()).toBe(serversBefore);
    const kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'thread-stream', ShardCount: 1 }));
    expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toContain('thread-stream');
    const ddb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'thread-queue' }));
    expect(QueueUrl).toContain(`/${emulators.accountId}/thread-queue`);
  });

  it('keeps the lake in the data folder, forwards its notifications and reads its objects without a request', async () => {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: 'thread-lake' }));
    const seen: string[] = [];
    const unsubscribe = emulators.onS3Event((record) =>
      seen.push(`${record.eventName} ${record.s3.bucket.name}/${record.s3.object.key}`),
    );
    const body = '{"é":1}\n{"b":2}\n';
    await s3.send(new PutObjectCommand({ Bucket: 'thread-lake', Key: 'processed/a=1/x.jsonl', Body: body }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    await s3.send(
      new PutObjectCommand({ Bucket: 'thread-lake', Key: 'processed/after.jsonl', Body: '{}\n' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['ObjectCreated:Put thread-lake/processed/a=1/x.jsonl']);
    expect(await emulators.readS3Object('thread-lake', 'processed/a=1/x.jsonl')).toBe(body);
    const read = await s3.send(new GetObjectCommand({ Bucket: 'thread-lake', Key: 'processed/a=1/x.jsonl' }));
    expect(await read.Body!.transformToString()).toBe(body);
    expect(existsSync(join(dataDir, 's3', 'thread-lake'))).toBe(true);
  });

  it('rejects the read of an object that is not stored', async () => {
    await expect(emulators.readS3Object('thread-lake', 'processed/none.jsonl')).rejects.toThrow(
      's3://thread-lake/processed/none.jsonl does not exist',
    );
  });
});

describe('stopped emulator threads', () => {
  it('frees its ports: nothing answers at its endpoints', async () => {
    const emulators = await startEmulatorsInThreads({ services: ['s3', 'kinesis'] });
    const s3 = new S3Client({ ...emulators.clientConfig('s3'), maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'before-stop' }));
    await emulators.stop();
    const fresh = new S3Client({
      ...emulators.clientConfig('s3'),
      requestHandler: undefined,
      maxAttempts: 1,
    });
    await expect(fresh.send(new CreateBucketCommand({ Bucket: 'after-stop' }))).rejects.toThrow(
      'ECONNREFUSED',
    );
    await expect(emulators.readS3Object('before-stop', 'x')).rejects.toThrow(
      'the emulator thread has stopped',
    );
  });
});
