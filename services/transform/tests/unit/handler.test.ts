import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { metricTotal, type RecordedMetric, SHARD_ID, s3Event } from '@event-pipeline/runtime/testing';
import { recordId } from '@event-pipeline/schema';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { TransformHandler } from '../../src/handler.js';
import { METRICS } from '../../src/metrics.js';
import {
  jsonLines,
  LEDGER_TABLE,
  lambdaContext,
  PROCESSED_BUCKET,
  RAW_BUCKET,
  rawLineOf,
  rawLines,
} from '../helpers/factories.js';
import { testHandler } from '../helpers/handler.js';

const PARTITION = 'event_type=metric/year=2024/month=01/day=15/hour=10';
const RAW_KEY = `raw/${PARTITION}/data_shardId-000000000001_1-9.json`;
const PROCESSED_KEY = `processed/${PARTITION}/data_shardId-000000000001_1-9.json`;
const NOW = new Date('2024-01-15T10:31:00.000Z');

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let s3: S3Client;
let dynamodb: DynamoDBDocumentClient;
let s3Mock: ReturnType<typeof mockClient>;
let ddbMock: ReturnType<typeof mockClient>;
let metrics: RecordedMetric[];
let handler: TransformHandler;

beforeEach(() => {
  s3 = new S3Client({ region: 'us-east-1', credentials });
  dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials }));
  s3Mock = mockClient(s3);
  ddbMock = mockClient(dynamodb);
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  ddbMock.on(PutCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
  ({ handler, metrics } = testHandler({ s3, dynamodb, now: () => NOW }));
});

const body = (text: string | Readable): GetObjectCommandOutput['Body'] =>
  (typeof text === 'string' ? Readable.from([Buffer.from(text)]) : text) as GetObjectCommandOutput['Body'];

function serveObject(key: string, text: string | (() => Readable)): void {
  s3Mock
    .on(GetObjectCommand, { Bucket: RAW_BUCKET, Key: key })
    .callsFake(async () => ({ Body: body(typeof text === 'string' ? text : text()) }));
}

/** The objects written with PutObject, by key, as text. */
function putObjects(): Map<string, { text: string; input: PutObjectCommand['input'] }> {
  const written = new Map<string, { text: string; input: PutObjectCommand['input'] }>();
  for (const call of s3Mock.commandCalls(PutObjectCommand)) {
    const input = call.args[0].input;
    written.set(input.Key!, { text: Buffer.from(input.Body as Uint8Array).toString('utf8'), input });
  }
  return written;
}

const parseLines = (text: string): Array<Record<string, unknown>> =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function ledgerItems(): Array<Record<string, unknown>> {
  return ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item as Record<string, unknown>);
}

describe('transformer handler', () => {
  it('writes processed/<same partition>/<same file> with one enriched line per raw line', async () => {
    const position = (index: number) => ({
      shard_id: SHARD_ID,
      sequence_number: `4965432109876543210987654321098765432109876543210987654${index}`,
      partition_key: `pk-${index}`,
      approximate_arrival_timestamp: 1705313100.25 + index,
    });
    const lines = [
      {
        event_id: 'evt-m1',
        event_type: 'metric',
        timestamp: '2024-01-15T10:05:00Z',
        source: 'agent',
        data: { metric_name: 'cpu', value: 250, host: 'h1' },
        kinesis_metadata: position(0),
      },
      {
        event_type: 'metric',
        timestamp: '2024-01-15T11:30:00+01:00',
        data: { metric_name: 'mem', value: 42.5 },
        kinesis_metadata: position(1),
      },
      {
        event_id: 'evt-m3',
        event_type: 'metric',
        timestamp: '2024-01-15T10:59:59.999Z',
        data: { metric_name: 'disk', value: -1 },
        kinesis_metadata: position(2),
      },
    ];
    serveObject(RAW_KEY, jsonLines(lines));

    const summary = await handler(s3Event({ key: RAW_KEY, versionId: 'v7' }), lambdaContext());

    expect(s3Mock.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: RAW_BUCKET,
      Key: RAW_KEY,
      VersionId: 'v7',
    });
    const written = putObjects();
    expect([...written.keys()]).toEqual([PROCESSED_KEY]);
    const output = written.get(PROCESSED_KEY)!;
    expect(output.input).toMatchObject({
      Bucket: PROCESSED_BUCKET,
      ServerSideEncryption: 'AES256',
      ContentType: 'application/x-ndjson',
    });
    // Written out independently of the production code: the record id is the SHA-256 of
    // `event_id:<id>`, else of `kinesis:<shard>:<sequence>`; dates are the UTC date of the timestamp.
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const rawObject = `s3://${RAW_BUCKET}/${RAW_KEY}`;
    const metadata = {
      source: 'kinesis-stream',
      processing_stage: 'transformed',
      version: '1.0',
      raw_object: rawObject,
    };
    const expected = [
      {
        record_id: sha256('event_id:evt-m1'),
        event_id: 'evt-m1',
        event_type: 'metric',
        original_timestamp: '2024-01-15T10:05:00Z',
        source: 'agent',
        original_data: { metric_name: 'cpu', value: 250, host: 'h1' },
        enriched_data: {
          metric_name: 'cpu',
          value: 250,
          host: 'h1',
          metric_date: '2024-01-15',
          value_range: 'high',
          is_anomaly: true,
        },
        kinesis_metadata: position(0),
        processed_timestamp: '2024-01-15T10:31:00.000Z',
        metadata,
      },
      {
        record_id: sha256(`kinesis:${SHARD_ID}:${position(1).sequence_number}`),
        event_type: 'metric',
        original_timestamp: '2024-01-15T11:30:00+01:00',
        original_data: { metric_name: 'mem', value: 42.5 },
        enriched_data: {
          metric_name: 'mem',
          value: 42.5,
          metric_date: '2024-01-15',
          value_range: 'low',
          is_anomaly: false,
        },
        kinesis_metadata: position(1),
        processed_timestamp: '2024-01-15T10:31:00.000Z',
        metadata,
      },
      {
        record_id: sha256('event_id:evt-m3'),
        event_id: 'evt-m3',
        event_type: 'metric',
        original_timestamp: '2024-01-15T10:59:59.999Z',
        original_data: { metric_name: 'disk', value: -1 },
        enriched_data: {
          metric_name: 'disk',
          value: -1,
          metric_date: '2024-01-15',
          value_range: 'negative',
          is_anomaly: true,
        },
        kinesis_metadata: position(2),
        processed_timestamp: '2024-01-15T10:31:00.000Z',
        metadata,
      },
    ];
    // Byte for byte: the fields in this order, one line each, newline-terminated.
    expect(output.text).toBe(expected.map((line) => `${JSON.stringify(line)}\n`).join(''));
    expect(summary).toEqual({
      transformed: [
        {
          source: rawObject,
          destination: `s3://${PROCESSED_BUCKET}/${PROCESSED_KEY}`,
          quarantine: [],
          record_count: 3,
          failed_records: 0,
        },
      ],
      skipped: [],
    });
  });

  it('puts one ledger item for the object', async () => {
    const lines = rawLines(10);
    serveObject(RAW_KEY, jsonLines(lines));
    await handler(s3Event({ key: RAW_KEY, versionId: 'v7' }), lambdaContext());

    const calls = ddbMock.commandCalls(PutCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.TableName).toBe(LEDGER_TABLE);
    expect(ledgerItems()[0]).toEqual({
      batch_id: expect.stringMatching(/^transform-[0-9a-f]{64}$/),
      processed_at: NOW.toISOString(),
      stage: 'transform',
      source_bucket: RAW_BUCKET,
      source_key: RAW_KEY,
      source_version: 'v7',
      destination_key: PROCESSED_KEY,
      quarantine_keys: [],
      record_count: 10,
      failed_records: 0,
      duration_ms: 0,
      ttl: Math.floor(NOW.getTime() / 1000) + 30 * 86_400,
    });
  });

  it('marks the partition pending for the compactor once the processed object is stored, before the ledger item', async () => {
    const calls: string[] = [];
    s3Mock.on(PutObjectCommand).callsFake(async (input: PutObjectCommand['input']) => {
      calls.push(`put ${input.Key}`);
      return { ETag: '"etag"' };
    });
    ddbMock.on(UpdateCommand).callsFake(async () => {
      calls.push('mark pending');
      return {};
    });
    ddbMock.on(PutCommand).callsFake(async () => {
      calls.push('ledger item');
      return {};
    });
    serveObject(RAW_KEY, jsonLines(rawLines(4)));

    await handler(s3Event({ key: RAW_KEY }), lambdaContext());

    expect(calls).toEqual([`put ${PROCESSED_KEY}`, 'mark pending', 'ledger item']);
    // The protocol's update, spelled out here rather than built with the schema's helper.
    expect(ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: LEDGER_TABLE,
      Key: { batch_id: `partition#${PARTITION}`, processed_at: 'partition' },
      UpdateExpression:
        'SET #stage = :stage, #partition = :partition, #queue = :pending, #last = :at ADD #version :one',
      ExpressionAttributeNames: {
        '#stage': 'stage',
        '#partition': 'partition',
        '#queue': 'compact_queue',
        '#last': 'last_processed_at',
        '#version': 'version',
      },
      ExpressionAttributeValues: {
        ':stage': 'partition',
        ':partition': PARTITION,
        ':pending': 'pending',
        ':at': NOW.toISOString(),
        ':one': 1,
      },
    });
  });

  it('fails the invocation when the partition cannot be marked pending, before the ledger item', async () => {
    serveObject(RAW_KEY, jsonLines(rawLines(3)));
    ddbMock.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow(
      `could not mark partition ${PARTITION} pending in table ${LEDGER_TABLE}: ProvisionedThroughputExceededException`,
    );
    // The object is stored (a retry rewrites it and marks again); the ledger item waits for the retry.
    expect([...putObjects().keys()]).toEqual([PROCESSED_KEY]);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('marks nothing for an object outside the partition layout, and still transforms it', async () => {
    const key = 'raw/hand-made/data.json';
    serveObject(key, jsonLines(rawLines(2)));
    const summary = await handler(s3Event({ key }), lambdaContext());
    expect(summary.transformed[0]).toMatchObject({ record_count: 2 });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ledgerItems()).toHaveLength(1);
  });

  it('does not mark the partition when the processed object cannot be written', async () => {
    serveObject(RAW_KEY, jsonLines(rawLines(3)));
    s3Mock.on(PutObjectCommand).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow('SlowDown');
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('decodes the notification key (%3D is =, + is a space) before reading and mapping it', async () => {
    const key = 'raw/event_type=transaction/year=2024/month=01/day=15/hour=10/data batch+1.json';
    serveObject(key, jsonLines([rawLineOf('transaction')]));
    const event = s3Event({ key });
    expect(event.Records[0]!.s3.object.key).toBe(
      'raw/event_type%3Dtransaction/year%3D2024/month%3D01/day%3D15/hour%3D10/data+batch%2B1.json',
    );

    await handler(event, lambdaContext());

    expect(s3Mock.commandCalls(GetObjectCommand)[0]!.args[0].input.Key).toBe(key);
    expect([...putObjects().keys()]).toEqual([
      'processed/event_type=transaction/year=2024/month=01/day=15/hour=10/data batch+1.json',
    ]);
  });

  it('quarantines a broken line with its reason and transforms the rest of the object', async () => {
    const lines = rawLines(5);
    const broken = JSON.stringify(lines[2]).slice(0, 50);
    const noMetadata = JSON.stringify({ ...lines[3], kinesis_metadata: undefined });
    serveObject(RAW_KEY, jsonLines([lines[0], lines[1], broken, noMetadata, lines[4]]));

    const summary = await handler(s3Event({ key: RAW_KEY }), lambdaContext());

    const written = putObjects();
    const output = parseLines(written.get(PROCESSED_KEY)!.text);
    expect(output.map((line) => line.record_id)).toEqual(
      [lines[0], lines[1], lines[4]].map((line) =>
        recordId({ eventId: line!.event_id, shardId: '', sequenceNumber: '' }),
      ),
    );
    const notJson = `quarantine/reason=not_json/${PARTITION}/data_shardId-000000000001_1-9.json`;
    const missing = `quarantine/reason=missing_field/${PARTITION}/data_shardId-000000000001_1-9.json`;
    expect(parseLines(written.get(notJson)!.text)).toEqual([
      {
        error: { code: 'not_json', message: expect.stringContaining('not valid JSON'), path: '' },
        raw_object: `s3://${RAW_BUCKET}/${RAW_KEY}`,
        line_number: 3,
        quarantined_at: NOW.toISOString(),
        line: broken,
      },
    ]);
    expect(parseLines(written.get(missing)!.text)).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ code: 'missing_field', path: '/kinesis_metadata' }),
        line_number: 4,
        line: noMetadata,
      }),
    ]);
    expect(written.get(notJson)!.input.ServerSideEncryption).toBe('AES256');
    expect(ledgerItems()[0]).toMatchObject({
      record_count: 3,
      failed_records: 2,
      quarantine_keys: [notJson, missing],
    });
    expect(summary.transformed[0]).toMatchObject({ record_count: 3, failed_records: 2 });
    expect(metricTotal(metrics, METRICS.recordsQuarantined.name)).toBe(2);
  });

  it('skips blank lines without counting them', async () => {
    const lines = rawLines(2);
    serveObject(RAW_KEY, `${JSON.stringify(lines[0])}\n\n  \r\n${JSON.stringify(lines[1])}\r\n`);
    await handler(s3Event({ key: RAW_KEY }), lambdaContext());
    expect(parseLines(putObjects().get(PROCESSED_KEY)!.text)).toHaveLength(2);
    expect(ledgerItems()[0]).toMatchObject({ record_count: 2, failed_records: 0 });
  });

  it('throws when the object cannot be read, and writes nothing', async () => {
    s3Mock.on(GetObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow(
      `could not read s3://${RAW_BUCKET}/${RAW_KEY}: Access Denied`,
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('throws when the body breaks mid-stream, and stores no partial object', async () => {
    const lines = rawLines(3);
    serveObject(RAW_KEY, () =>
      Readable.from(
        (async function* () {
          yield Buffer.from(jsonLines(lines));
          throw new Error('socket hang up');
        })(),
      ),
    );
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow(
      `reading s3://${RAW_BUCKET}/${RAW_KEY} failed mid-stream: socket hang up`,
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('throws when the processed object cannot be written, and puts no ledger item', async () => {
    serveObject(RAW_KEY, jsonLines(rawLines(3)));
    s3Mock.on(PutObjectCommand).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow(
      `could not write s3://${PROCESSED_BUCKET}/${PROCESSED_KEY}: SlowDown`,
    );
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('throws when the ledger item cannot be written', async () => {
    serveObject(RAW_KEY, jsonLines(rawLines(3)));
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(handler(s3Event({ key: RAW_KEY }), lambdaContext())).rejects.toThrow(
      `to table ${LEDGER_TABLE}: ProvisionedThroughputExceededException`,
    );
  });

  it('gives the same output key, record ids and batch id when the same object is transformed twice', async () => {
    const { event_id: _none, ...withoutEventId } = rawLineOf('metric');
    serveObject(RAW_KEY, jsonLines([...rawLines(6), withoutEventId]));
    const event = s3Event({ key: RAW_KEY, versionId: 'v1' });

    await handler(event, lambdaContext());
    const first = putObjects();
    s3Mock.resetHistory();
    await handler(event, lambdaContext());
    const second = putObjects();

    expect([...second.keys()]).toEqual([...first.keys()]);
    const ids = (written: typeof first) =>
      parseLines(written.get(PROCESSED_KEY)!.text).map((line) => line.record_id);
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(7);
    const [a, b] = ledgerItems();
    expect(a!.batch_id).toBe(b!.batch_id);
    // A new version of the object is a new batch.
    await handler(s3Event({ key: RAW_KEY, versionId: 'v2' }), lambdaContext());
    expect(ledgerItems()[2]!.batch_id).not.toBe(a!.batch_id);
  });

  it('skips keys outside raw/**.json with a reason, reading nothing', async () => {
    const summary = await handler(
      s3Event({ key: 'quarantine/reason=not_json/year=2024/data.json' }, { key: 'raw/notes.txt' }),
      lambdaContext(),
    );
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(summary.skipped).toEqual([
      {
        source: `s3://${RAW_BUCKET}/quarantine/reason=not_json/year=2024/data.json`,
        reason: 'the key is not a raw data object (raw/**.json)',
      },
      {
        source: `s3://${RAW_BUCKET}/raw/notes.txt`,
        reason: 'the key is not a raw data object (raw/**.json)',
      },
    ]);
    expect(metricTotal(metrics, METRICS.objectsSkipped.name)).toBe(2);
  });

  it('transforms the other objects of the event before failing for the one that broke', async () => {
    const good = `raw/${PARTITION}/good.json`;
    serveObject(good, jsonLines(rawLines(2)));
    s3Mock
      .on(GetObjectCommand, { Key: RAW_KEY })
      .rejects(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }));

    await expect(handler(s3Event({ key: RAW_KEY }, { key: good }), lambdaContext())).rejects.toThrow(
      'NoSuchKey',
    );
    expect([...putObjects().keys()]).toEqual([`processed/${PARTITION}/good.json`]);
    expect(ledgerItems()).toHaveLength(1);
  });

  it('emits records transformed, anomalies, high-value transactions and end-to-end latency', async () => {
    const lines = [
      rawLineOf('metric', { value: 250 }, { timestamp: '2024-01-15T10:30:00Z' }),
      rawLineOf('metric', { value: -3 }, { timestamp: '2024-01-15T10:29:00Z' }),
      rawLineOf('metric', { value: 20 }, { timestamp: '2024-01-15T10:30:30Z' }),
      rawLineOf('transaction', { amount: 1000.01 }, { timestamp: '2024-01-15T10:30:00Z' }),
      rawLineOf('transaction', { amount: 1000 }, { timestamp: '2024-01-15T10:30:00Z' }),
    ];
    serveObject(RAW_KEY, jsonLines(lines));
    await handler(s3Event({ key: RAW_KEY }), lambdaContext());

    expect(metricTotal(metrics, METRICS.recordsTransformed.name)).toBe(5);
    expect(metricTotal(metrics, METRICS.anomalies.name)).toBe(2);
    expect(metricTotal(metrics, METRICS.highValueTransactions.name)).toBe(1);
    expect(metrics.filter((metric) => metric.name === METRICS.endToEndLatency.name)).toEqual([
      { name: METRICS.endToEndLatency.name, unit: 'Milliseconds', value: 2 * 60_000 }, // oldest event, 10:29:00
    ]);
  });
});
