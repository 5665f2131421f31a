/** The handler with real AWS SDK clients against s3rver and dynalite. */

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLakeResources, type Emulators, startEmulators } from '@event-pipeline/emulators';
import { s3Event } from '@event-pipeline/runtime/testing';
import { PENDING_PARTITION_INDEX, PENDING_QUEUE, partitionItemKey, recordId } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TransformHandler } from '../../src/handler.js';
import { transformBatchId } from '../../src/ledger-item.js';
import { processedKey, quarantineKey } from '../../src/object-keys.js';
import {
  jsonLines,
  LEDGER_TABLE,
  lambdaContext,
  PROCESSED_BUCKET,
  RAW_BUCKET,
  rawLines,
} from '../helpers/factories.js';
import { testHandler } from '../helpers/handler.js';

let emulators: Emulators;
let s3: S3Client;
let dynamodb: DynamoDBDocumentClient;
let handler: TransformHandler;
/** Every S3 command the clients sent, with its key: observed, not faked. */
const s3Commands: Array<{ command: string; key: unknown }> = [];

beforeAll(async () => {
  emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
  s3 = new S3Client(emulators.clientConfig('s3'));
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      s3Commands.push({ command: String(context.commandName), key: (args.input as { Key?: unknown }).Key });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(emulators.clientConfig('dynamodb')));
  await createLakeResources(emulators, { buckets: [RAW_BUCKET, PROCESSED_BUCKET], table: LEDGER_TABLE });
  ({ handler } = testHandler({ s3, dynamodb }));
});

afterAll(async () => {
  s3?.destroy();
  dynamodb?.destroy();
  await emulators?.stop();
});

async function putRaw(key: string, body: string): Promise<string> {
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));
  return ETag!.replaceAll('"', '');
}

/** Streams an object back line by line (the processed object of 100,000 lines is large). */
async function* objectLines(bucket: string, key: string): AsyncGenerator<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  yield* createInterface({ input: Body as Readable, crlfDelay: Number.POSITIVE_INFINITY });
}

async function readLines(bucket: string, key: string): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  for await (const line of objectLines(bucket, key)) lines.push(JSON.parse(line) as Record<string, unknown>);
  return lines;
}

async function ledgerItemsFor(batchId: string): Promise<Array<Record<string, unknown>>> {
  const { Items } = await dynamodb.send(
    new QueryCommand({
      TableName: LEDGER_TABLE,
      KeyConditionExpression: 'batch_id = :id',
      ExpressionAttributeValues: { ':id': batchId },
    }),
  );
  return Items ?? [];
}

describe('transformer against s3rver and dynalite', () => {
  it('writes the processed object, the quarantine object and the ledger item', async () => {
    const key = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_small batch.json';
    const lines = rawLines(40);
    const body = jsonLines([...lines.slice(0, 20), '{"event_type":"metric",', ...lines.slice(20)]);
    const eTag = await putRaw(key, body);

    const summary = await handler(s3Event({ key, eTag }), lambdaContext());

    const processed = await readLines(PROCESSED_BUCKET, processedKey(key));
    expect(processed).toHaveLength(40);
    expect(processed.map((line) => line.record_id)).toEqual(
      lines.map((line) => recordId({ eventId: line.event_id, shardId: '', sequenceNumber: '' })),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: PROCESSED_BUCKET, Key: processedKey(key) }));
    expect(head.ContentType).toBe('application/x-ndjson');
    const quarantined = await readLines(PROCESSED_BUCKET, quarantineKey(key, 'not_json'));
    expect(quarantined).toEqual([
      expect.objectContaining({
        line_number: 21,
        line: '{"event_type":"metric",',
        error: expect.objectContaining({ code: 'not_json' }),
      }),
    ]);

    expect(summary.transformed[0]).toMatchObject({ record_count: 40, failed_records: 1 });
    expect(await ledgerItemsFor(transformBatchId({ bucket: RAW_BUCKET, key, eTag }))).toEqual([
      expect.objectContaining({
        stage: 'transform',
        source_key: key,
        destination_key: processedKey(key),
        record_count: 40,
        failed_records: 1,
        quarantine_keys: [quarantineKey(key, 'not_json')],
      }),
    ]);
  });

  it('writes an empty processed object when every line is quarantined', async () => {
    const key = 'raw/event_type=metric/year=2024/month=01/day=15/hour=11/data_broken.json';
    await putRaw(key, 'not json at all\n');
    await handler(s3Event({ key }), lambdaContext());
    expect(await readLines(PROCESSED_BUCKET, processedKey(key))).toEqual([]);
    expect(await readLines(PROCESSED_BUCKET, quarantineKey(key, 'not_json'))).toHaveLength(1);
  });

  it("marks each object's partition pending in the ledger, where the compactor's index finds it", async () => {
    const partition = 'event_type=metric/year=2023/month=12/day=31/hour=23';
    const times = [new Date('2024-01-15T10:40:00.000Z'), new Date('2024-01-15T10:45:00.000Z')];
    let clock = times[0]!;
    const { handler: clocked } = testHandler({ s3, dynamodb, now: () => clock });
    for (const [i, at] of times.entries()) {
      clock = at;
      const key = `raw/${partition}/data_late_${i}.json`;
      const eTag = await putRaw(key, jsonLines(rawLines(5)));
      await clocked(s3Event({ key, eTag }), lambdaContext());
    }

    const { Item } = await dynamodb.send(
      new GetCommand({ TableName: LEDGER_TABLE, Key: partitionItemKey(partition), ConsistentRead: true }),
    );
    expect(Item).toEqual({
      ...partitionItemKey(partition),
      stage: 'partition',
      partition,
      compact_queue: PENDING_QUEUE,
      last_processed_at: times[1]!.toISOString(),
      version: 2,
    });
    const { Items = [] } = await dynamodb.send(
      new QueryCommand({
        TableName: LEDGER_TABLE,
        IndexName: PENDING_PARTITION_INDEX,
        KeyConditionExpression: 'compact_queue = :pending AND last_processed_at <= :cutoff',
        ExpressionAttributeValues: { ':pending': PENDING_QUEUE, ':cutoff': times[1]!.toISOString() },
      }),
    );
    expect(Items.map((item) => item.batch_id)).toContain(partitionItemKey(partition).batch_id);
  });

  it('throws for an object that does not exist', async () => {
    await expect(
      handler(s3Event({ key: 'raw/event_type=metric/missing.json' }), lambdaContext()),
    ).rejects.toThrow(`could not read s3://${RAW_BUCKET}/raw/event_type=metric/missing.json`);
  });

  it('streams a raw object of 100,000 lines through, multipart, every record once', async () => {
    const count = 100_000;
    const key = 'raw/event_type=transaction/year=2024/month=01/day=15/hour=12/data_100k.json';
    const lines = rawLines(count);
    await putRaw(key, jsonLines(lines));

    const started = performance.now();
    const summary = await handler(s3Event({ key }), lambdaContext());
    const seconds = (performance.now() - started) / 1000;

    expect(summary.transformed[0]).toMatchObject({ record_count: count, failed_records: 0 });
    const expected = new Set(
      lines.map((line) => recordId({ eventId: line.event_id, shardId: '', sequenceNumber: '' })),
    );
    let read = 0;
    let unexpected = 0; // ids not in the raw object, or seen twice
    for await (const text of objectLines(PROCESSED_BUCKET, processedKey(key))) {
      if (!expected.delete((JSON.parse(text) as { record_id: string }).record_id)) unexpected++;
      read++;
    }
    expect({ read, unexpected, missing: expected.size }).toEqual({ read: count, unexpected: 0, missing: 0 });
    // Streamed in parts, never as one PutObject of the whole body.
    const writes = s3Commands.filter((sent) => sent.key === processedKey(key)).map((sent) => sent.command);
    expect(writes).not.toContain('PutObjectCommand');
    expect(writes).toContain('CreateMultipartUploadCommand');
    expect(writes.filter((command) => command === 'UploadPartCommand').length).toBeGreaterThan(1);
    expect(writes).toContain('CompleteMultipartUploadCommand');
    const head = await s3.send(new HeadObjectCommand({ Bucket: PROCESSED_BUCKET, Key: processedKey(key) }));
    process.stdout.write(
      `transform 100k lines: ${seconds.toFixed(2)} s, processed object ${(head.ContentLength! / 2 ** 20).toFixed(1)} MiB\n`,
    );
  }, 180_000);
});
