/**
 * The fault injector itself, on real SDK clients against the emulators: the share of calls it
 * fails, the shape of the errors (what the handlers see from S3 and DynamoDB), that it covers
 * multipart uploads, that the same seed makes the same decisions, and its handler-level faults.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { createContext } from '@event-pipeline/local';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent, S3Event } from 'aws-lambda';
import { createFaultInjector, type FaultPlan, ISSUE_FAULTS } from './helpers/fault-injector.js';

const BUCKET = 'fault-injector-test';
const TABLE = 'fault-injector-test';
const plan = (overrides: Partial<FaultPlan> = {}): FaultPlan => ({ ...ISSUE_FAULTS, seed: 1, ...overrides });
const context = createContext({ name: 'fn', arn: 'arn', timeoutMs: 1_000, memoryMb: 128 });

describe('the fault injector', () => {
  let emulators: Emulators;

  const clients = (injector: ReturnType<typeof createFaultInjector>) => {
    const handlerClients = {
      s3: new S3Client(emulators.clientConfig('s3')),
      dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
    };
    injector.decorateClients('ingest', handlerClients);
    return handlerClients;
  };

  /** Puts `count` objects; the keys whose write failed, with the errors. */
  async function putObjects(s3: S3Client, count: number) {
    const failed = new Map<string, unknown>();
    for (let i = 0; i < count; i++) {
      const key = `raw/object-${i}.json`;
      await s3
        .send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}' }))
        .catch((error: unknown) => {
          failed.set(key, error);
        });
    }
    return failed;
  }

  beforeAll(async () => {
    emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
    await new S3Client(emulators.clientConfig('s3')).send(new CreateBucketCommand({ Bucket: BUCKET }));
    await new DynamoDBClient(emulators.clientConfig('dynamodb')).send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'batch_id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'batch_id', KeyType: 'HASH' }],
      }),
    );
  });

  afterAll(async () => {
    await emulators?.stop();
  });

  it('fails about 10% of S3 writes with a SlowDown, before the SDK retries, and stores nothing for them', async () => {
    const injector = createFaultInjector(plan());
    const { s3 } = clients(injector);
    const failed = await putObjects(s3, 300);
    expect(failed.size).toBeGreaterThan(15);
    expect(failed.size).toBeLessThan(45);
    expect(injector.counts().s3Writes.PutObjectCommand).toEqual({ calls: 300, failed: failed.size });
    const [key, error] = [...failed][0]!;
    expect(error).toMatchObject({
      name: 'SlowDown',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, attempts: 1 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('makes the same decisions for the same seed, and other ones for another seed', async () => {
    const first = await putObjects(clients(createFaultInjector(plan({ seed: 5 }))).s3, 100);
    const again = await putObjects(clients(createFaultInjector(plan({ seed: 5 }))).s3, 100);
    const other = await putObjects(clients(createFaultInjector(plan({ seed: 6 }))).s3, 100);
    expect([...again.keys()]).toEqual([...first.keys()]);
    expect([...other.keys()]).not.toEqual([...first.keys()]);
  });

  it('decides each retry of a write afresh', async () => {
    const injector = createFaultInjector(plan({ s3WriteFailureRate: 0.5 }));
    const { s3 } = clients(injector);
    let attempts = 0;
    for (;;) {
      attempts++;
      const ok = await s3
        .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/retried.json', Body: '{}' }))
        .then(() => true)
        .catch(() => false);
      if (ok) break;
      expect(attempts).toBeLessThan(30);
    }
    expect(injector.counts().s3Writes.PutObjectCommand!.calls).toBe(attempts);
  });

  it("counts a multipart upload's calls as S3 writes, and fails the upload when one of them fails", async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, 'x');
    const clean = createFaultInjector(plan({ s3WriteFailureRate: 0 }));
    await new Upload({
      client: clients(clean).s3,
      params: { Bucket: BUCKET, Key: 'raw/big.json', Body: body },
    }).done();
    expect(clean.counts().s3Writes).toEqual({
      CreateMultipartUploadCommand: { calls: 1, failed: 0 },
      UploadPartCommand: { calls: 2, failed: 0 },
      CompleteMultipartUploadCommand: { calls: 1, failed: 0 },
    });

    const failing = createFaultInjector(plan({ s3WriteFailureRate: 1 }));
    await expect(
      new Upload({
        client: clients(failing).s3,
        params: { Bucket: BUCKET, Key: 'raw/big-2.json', Body: body },
      }).done(),
    ).rejects.toMatchObject({ name: 'SlowDown' });
  });

  it('throttles about 10% of DynamoDB writes with ProvisionedThroughputExceededException', async () => {
    const injector = createFaultInjector(plan());
    const ddb = DynamoDBDocumentClient.from(clients(injector).dynamodb);
    const errors: unknown[] = [];
    for (let i = 0; i < 200; i++)
      await ddb
        .send(new PutCommand({ TableName: TABLE, Item: { batch_id: `batch-${i}` } }))
        .catch((error: unknown) => errors.push(error));
    expect(errors.length).toBeGreaterThan(8);
    expect(errors.length).toBeLessThan(35);
    expect(errors[0]).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(injector.counts().dynamoWrites.PutItemCommand).toEqual({ calls: 200, failed: errors.length });
  });

  it('crashes every 20th ingest invocation, alternately after and before the handler ran', async () => {
    const injector = createFaultInjector(plan());
    let ran = 0;
    const handler = injector.wrapIngest(async () => {
      ran++;
      return { batchItemFailures: [] };
    });
    const outcomes: string[] = [];
    for (let i = 1; i <= 60; i++)
      outcomes.push(
        await Promise.resolve(handler({ Records: [] } as KinesisStreamEvent, context)).then(
          () => 'ok',
          () => 'crash',
        ),
      );
    expect(outcomes.flatMap((outcome, i) => (outcome === 'crash' ? [i + 1] : []))).toEqual([20, 40, 60]);
    // Crashes 1 and 3 came after the handler's work, crash 2 instead of it.
    expect(ran).toBe(59);
    expect(injector.counts().ingestCrashes).toEqual({ afterWork: 2, beforeWork: 1 });
  });

  it("fails the first attempt on about 10% of the transformer's objects, and only the first", async () => {
    // No object under outage here: each would fail its retries too.
    const injector = createFaultInjector(plan({ transformOutageEvery: 1_000_000 }));
    const handler = injector.wrapTransform(async () => 'done');
    const events: S3Event[] = Array.from(
      { length: 200 },
      (_, i) => ({ Records: [{ s3: { object: { key: `raw%2Fobject-${i}.json` } } }] }) as unknown as S3Event,
    );
    const first = await Promise.all(
      events.map((event) =>
        Promise.resolve(handler(event, context)).then(
          () => true,
          () => false,
        ),
      ),
    );
    const failedOnce = events.filter((_, i) => !first[i]);
    expect(failedOnce.length).toBeGreaterThan(8);
    expect(failedOnce.length).toBeLessThan(35);
    for (const event of failedOnce) await expect(handler(event, context)).resolves.toBe('done');
    expect(injector.counts()).toMatchObject({
      transformFirstAttempts: 200,
      transformFirstAttemptFailures: failedOnce.length,
    });
  });

  it('crashes, before any write, every batch that holds a fatal record, until stopped', async () => {
    const injector = createFaultInjector(plan({ ingestFatalRecordRate: 0.5, ingestCrashEvery: 1_000 }));
    const record = (n: number) =>
      ({ eventID: `shardId-000000000000:${n}`, kinesis: { partitionKey: `key-${n}` } }) as never;
    const records = Array.from({ length: 40 }, (_, n) => record(n));
    let ran = 0;
    const handler = injector.wrapIngest(async () => {
      ran++;
      return { batchItemFailures: [] };
    });
    const outcome = (batch: unknown[]) =>
      Promise.resolve(handler({ Records: batch } as KinesisStreamEvent, context)).then(
        () => 'ok',
        () => 'crash',
      );
    const alone = await Promise.all(records.map((one) => outcome([one])));
    const fatal = records.filter((_, i) => alone[i] === 'crash');
    expect(fatal.length).toBeGreaterThan(8);
    expect(fatal.length).toBeLessThan(32);
    // The same records crash every time, whatever batch they are in, and the handler never ran on them.
    expect(await outcome(records)).toBe('crash');
    expect(await Promise.all(fatal.map((one) => outcome([one])))).toEqual(fatal.map(() => 'crash'));
    expect(ran).toBe(records.length - fatal.length);
    const counts = injector.counts();
    expect(new Set(counts.ingestFatal.records)).toEqual(
      new Set(fatal.map((one) => (one as { eventID: string }).eventID)),
    );
    expect(counts.ingestFatal.crashes).toBe(2 * fatal.length + 1);
    injector.stop();
    expect(await outcome(records)).toBe('ok');
  });

  it('fails every attempt on every 50th object until stopped, and counts it apart from first-attempt failures', async () => {
    const injector = createFaultInjector(plan({ transformFirstAttemptFailureRate: 0 }));
    const handler = injector.wrapTransform(async () => 'done');
    const events: S3Event[] = Array.from(
      { length: 120 },
      (_, i) => ({ Records: [{ s3: { object: { key: `raw%2Fobject-${i}.json` } } }] }) as unknown as S3Event,
    );
    const attempt = (event: S3Event) =>
      Promise.resolve(handler(event, context)).then(
        () => true,
        () => false,
      );
    const first: boolean[] = [];
    for (const event of events) first.push(await attempt(event));
    expect(first.flatMap((ok, i) => (ok ? [] : [i + 1]))).toEqual([50, 100]);
    // Its retries fail too: this is what sends it to the DLQ.
    expect(await attempt(events[49]!)).toBe(false);
    expect(await attempt(events[49]!)).toBe(false);
    expect(injector.counts()).toMatchObject({
      transformFirstAttemptFailures: 0,
      transformOutages: {
        objects: ['raw%2Fobject-49.json', 'raw%2Fobject-99.json'],
        failures: 4,
      },
    });
    injector.stop();
    expect(await attempt(events[49]!)).toBe(true);
  });

  it('lets everything through once stopped', async () => {
    const injector = createFaultInjector(plan({ s3WriteFailureRate: 1 }));
    const { s3 } = clients(injector);
    injector.stop();
    expect((await putObjects(s3, 5)).size).toBe(0);
  });
});
