import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import {
  GENERATED_ERROR_CODES,
  type IngestQuarantineLine,
  parseQuarantineLine,
  parseRawLine,
  type RawLine,
  type Sample,
  sampleBatch,
} from '@event-pipeline/schema';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent } from 'aws-lambda';
import { captureEmf, type EmfCapture, unitOf } from '../helpers/emf.js';
import {
  defaultArrival,
  kinesisEvent,
  lambdaContext,
  type RecordInput,
  validSamples,
} from '../helpers/factories.js';
import { linesBySequence, parseJsonLines, type WrittenObject } from '../helpers/json-lines.js';
import { type MockedHandlerOptions, mockAws, mockedHandler } from '../helpers/mocked-aws.js';

const { s3Mock, ddbMock, reset, writtenObjects, ledgerItems } = mockAws();
let emf: EmfCapture;

beforeEach(() => {
  reset();
  emf = captureEmf();
});
afterEach(() => emf.restore());

const invoke = (event: KinesisStreamEvent, options: MockedHandlerOptions = {}) =>
  mockedHandler(options)(event, lambdaContext());

const record = (value: unknown, partitionKey = 'pk'): RecordInput => ({
  bytes: Buffer.from(JSON.stringify(value)),
  partitionKey,
});

const metadataOf = (index: number, partitionKey = 'pk') => ({
  shard_id: SHARD_ID,
  sequence_number: sequenceNumber(index),
  partition_key: partitionKey,
  approximate_arrival_timestamp: defaultArrival(index).getTime() / 1000,
});

describe('ingest handler: raw objects', () => {
  const events = [
    {
      event_type: 'user_action',
      timestamp: '2024-01-15T10:05:00Z',
      data: { user_id: 'u1', action: 'click', session_duration: 5 },
    },
    {
      event_type: 'transaction',
      timestamp: '2024-01-15T10:59:59.999Z',
      data: { transaction_id: 't1', user_id: 'u1', amount: 12.5, currency: 'EUR' },
    },
    {
      event_type: 'user_action',
      timestamp: '2024-01-15T10:30:00Z',
      data: { user_id: 'u2', action: 'login', session_duration: 0 },
      source: 'web',
    },
    // +02:00: 10:30 UTC, the same hour as the events above.
    {
      event_type: 'metric',
      timestamp: '2024-01-15T12:30:00+02:00',
      data: { metric_name: 'cpu', value: 71.5, host: 'h1' },
    },
    {
      event_type: 'user_action',
      timestamp: '2024-01-15T11:00:00Z',
      data: { user_id: 'u3', action: 'search', session_duration: 61 },
    },
    // +03:00 on the 16th is 22:15 UTC on the 15th.
    { event_type: 'metric', timestamp: '2024-01-16T01:15:00+03:00', data: { metric_name: 'cpu', value: -1 } },
  ];
  const event = kinesisEvent(events.map((e) => record(e)));
  const key = (folder: string, first: number, last: number) =>
    `raw/${folder}/data_${SHARD_ID}_${sequenceNumber(first)}_${sequenceNumber(last)}.json`;

  it('writes one JSON Lines object per partition (event type and UTC hour of its own timestamp), named by shard and sequence range', async () => {
    const response = await invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    const objects = writtenObjects();
    expect(objects.map((o) => o.key).sort()).toEqual(
      [
        key('event_type=user_action/year=2024/month=01/day=15/hour=10', 0, 2),
        key('event_type=transaction/year=2024/month=01/day=15/hour=10', 1, 1),
        key('event_type=metric/year=2024/month=01/day=15/hour=10', 3, 3),
        key('event_type=user_action/year=2024/month=01/day=15/hour=11', 4, 4),
        key('event_type=metric/year=2024/month=01/day=15/hour=22', 5, 5),
      ].sort(),
    );
    const linesOf = (k: string) => parseJsonLines<RawLine>(objects.find((o) => o.key === k)!.body);
    expect(linesOf(key('event_type=user_action/year=2024/month=01/day=15/hour=10', 0, 2))).toEqual([
      { ...events[0], kinesis_metadata: metadataOf(0) },
      { ...events[2], kinesis_metadata: metadataOf(2) },
    ]);
    expect(linesOf(key('event_type=metric/year=2024/month=01/day=15/hour=22', 5, 5))).toEqual([
      { ...events[5], kinesis_metadata: metadataOf(5) },
    ]);
  });

  it('writes every object to the configured bucket as SSE-S3 encrypted application/x-ndjson', async () => {
    await invoke(event, { config: { rawBucket: 'my-raw-bucket' } });

    const inputs = s3Mock.commandCalls(PutObjectCommand).map(({ args }) => args[0].input);
    expect(inputs).toHaveLength(5);
    for (const input of inputs) {
      expect(input).toMatchObject({
        Bucket: 'my-raw-bucket',
        ContentType: 'application/x-ndjson',
        ServerSideEncryption: 'AES256',
      });
    }
  });

  it('writes one line per record, even for a pretty-printed record', async () => {
    const pretty = { bytes: Buffer.from(JSON.stringify(events[1], null, 2)), partitionKey: 'pk' };
    await invoke(kinesisEvent([pretty]));

    const [object] = writtenObjects();
    expect(object!.body.split('\n')).toHaveLength(2);
    expect(parseJsonLines(object!.body)).toEqual([{ ...events[1], kinesis_metadata: metadataOf(0) }]);
  });

  it('puts records in sequence order even if the batch lists them out of order', async () => {
    const reversed = { Records: [...event.Records].reverse() };
    await invoke(reversed);
    const inOrder = writtenObjects();
    s3Mock.resetHistory();
    await invoke(event);

    expect(inOrder).toEqual(writtenObjects());
  });
});

describe('ingest handler: quarantine', () => {
  const samples = sampleBatch(60, { seed: 11, invalidFraction: 0.4 });
  const invalid = samples.flatMap((sample, index) => (sample.valid ? [] : [{ sample, index }]));

  it('has a sample of every error code (guards the test data)', () => {
    expect(new Set(invalid.map(({ sample }) => (sample.valid ? '' : sample.code)))).toEqual(
      new Set(GENERATED_ERROR_CODES),
    );
  });

  it('quarantines every invalid record with its code, message, path, arrival time and original bytes', async () => {
    const response = await invoke(kinesisEvent(samples));

    expect(response).toEqual({ batchItemFailures: [] });
    const objects = writtenObjects();
    const quarantined = linesBySequence<IngestQuarantineLine>(
      objects.filter((o) => o.key.startsWith('quarantine/')),
    );
    expect(quarantined.size).toBe(invalid.length);
    for (const { sample, index } of invalid) {
      if (sample.valid) throw new Error('unreachable');
      const found = quarantined.get(sequenceNumber(index));
      expect(found).toBeDefined();
      const { key, line } = found!;
      expect(key).toMatch(
        new RegExp(
          `^quarantine/reason=${sample.code}/year=2024/month=01/day=15/hour=10/data_${SHARD_ID}_\\d{56}_\\d{56}\\.json$`,
        ),
      );
      expect(line.error.code).toBe(sample.code);
      expect(line.error.message).toEqual(expect.any(String));
      expect(line.error.message.length).toBeGreaterThan(10);
      expect(typeof line.error.path).toBe('string');
      expect(Buffer.from(line.payload, 'base64').equals(sample.bytes)).toBe(true);
      expect(line.received_at).toBe(defaultArrival(index).toISOString());
      expect(line.kinesis_metadata).toEqual(metadataOf(index, sample.partitionKey));
    }
  });

  it('keeps every record: each valid one in raw/, each invalid one in quarantine/, none twice', async () => {
    await invoke(kinesisEvent(samples));

    const all = linesBySequence<RawLine | IngestQuarantineLine>(writtenObjects());
    expect(all.size).toBe(samples.length);
    samples.forEach((sample, index) => {
      const { key } = all.get(sequenceNumber(index))!;
      expect(
        key.startsWith(sample.valid ? `raw/event_type=${sample.event.event_type}/` : 'quarantine/'),
      ).toBe(true);
    });
  });

  it("writes lines the schema's parsers accept as they are: raw lines and ingest quarantine lines", async () => {
    await invoke(kinesisEvent(samples));

    const objects = writtenObjects();
    expect(new Set(objects.map((o) => o.key.split('/')[0]))).toEqual(new Set(['raw', 'quarantine']));
    for (const { key, body } of objects) {
      for (const text of body.slice(0, -1).split('\n')) {
        const parsed = key.startsWith('raw/') ? parseRawLine(text) : parseQuarantineLine(text);
        expect(parsed).toEqual({ ok: true, line: JSON.parse(text) });
      }
    }
  });

  it('files a quarantined record under the UTC hour it reached the stream, not under the clock', async () => {
    const arrivedAt = () => new Date('2023-12-31T23:59:59.500Z');
    await invoke(kinesisEvent([{ bytes: Buffer.from('{"oops"'), partitionKey: 'x' }], { arrivedAt }), {
      now: () => new Date('2024-06-01T00:00:00Z'),
    });

    expect(writtenObjects().map((o) => o.key)).toEqual([
      `quarantine/reason=not_json/year=2023/month=12/day=31/hour=23/data_${SHARD_ID}_${sequenceNumber(0)}_${sequenceNumber(0)}.json`,
    ]);
  });

  it('never fails the batch for one poison record among 99 valid ones', async () => {
    const batch: Array<Sample | RecordInput> = validSamples(99);
    batch.splice(42, 0, { bytes: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), partitionKey: 'poison' });

    const response = await invoke(kinesisEvent(batch));

    expect(response).toEqual({ batchItemFailures: [] });
    const objects = writtenObjects();
    const quarantine = objects.filter((o) => o.key.startsWith('quarantine/'));
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]!.key).toContain('quarantine/reason=not_utf8/');
    expect(linesBySequence(objects).size).toBe(100);
    expect(ledgerItems()[0]).toMatchObject({ total_records: 100, success_records: 99, failed_records: 1 });
  });
});

describe('ingest handler: ledger', () => {
  it('puts one item describing the batch', async () => {
    const samples = sampleBatch(30, {
      seed: 5,
      invalidFraction: 0.2,
      invalidCodes: ['not_json', 'missing_field'],
    });
    const invalidCount = samples.filter((s) => !s.valid).length;
    const partitions = new Set(samples.flatMap((s) => (s.valid ? [s.event.event_type] : []))).size;
    const times = [new Date('2024-01-15T10:01:00.000Z'), new Date('2024-01-15T10:01:00.125Z')];
    const now = () => times.shift() ?? new Date('2024-01-15T10:01:00.125Z');

    await invoke(kinesisEvent(samples), { config: { ledgerTable: 'my-ledger' }, now });

    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(PutCommand)[0]!.args[0].input.TableName).toBe('my-ledger');
    const [item] = ledgerItems();
    expect(item).toEqual({
      batch_id: `${SHARD_ID}_${sequenceNumber(0)}_${sequenceNumber(29)}`,
      processed_at: '2024-01-15T10:01:00.125Z',
      stage: 'ingest',
      shard_id: SHARD_ID,
      total_records: 30,
      success_records: 30 - invalidCount,
      failed_records: invalidCount,
      // All samples fall within 10:00-10:00:03, so one partition per event type.
      partitions_count: partitions,
      objects: expect.any(Array),
      first_sequence_number: sequenceNumber(0),
      last_sequence_number: sequenceNumber(29),
      duration_ms: 125,
      ttl: Math.floor(Date.parse('2024-01-15T10:01:00.125Z') / 1000) + 30 * 24 * 3600,
    });
    expect([...(item!.objects as string[])].sort()).toEqual(
      writtenObjects()
        .map((o) => o.key)
        .sort(),
    );
  });

  it('reports a ledger failure as a failure of the whole batch, never swallows it', async () => {
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const samples = validSamples(10);

    const response = await invoke(kinesisEvent(samples));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(0) }] });
    expect(writtenObjects().length).toBeGreaterThan(0);
  });
});

describe('ingest handler: retries', () => {
  it('writes the same keys and the same content when the same batch is processed twice', async () => {
    const event = kinesisEvent(sampleBatch(50, { seed: 3, invalidFraction: 0.2 }));
    await invoke(event, { now: () => new Date('2024-01-15T10:01:00Z') });
    const first = writtenObjects();
    const firstBatchId = ledgerItems()[0]!.batch_id;
    s3Mock.resetHistory();
    ddbMock.resetHistory();

    await invoke(event, { now: () => new Date('2024-01-15T11:45:00Z') });

    const byKey = (objects: WrittenObject[]) => [...objects].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(writtenObjects())).toEqual(byKey(first));
    expect(ledgerItems()[0]!.batch_id).toBe(firstBatchId);
  });

  it('reports the earliest record of an object that failed to be written, and every record before it is durable', async () => {
    // With this seed the batch starts u m s u u t ...: the transaction partition's first record
    // is the sixth, after records of three partitions that are written.
    const samples = validSamples(80);
    const failing = (key: string) => key.startsWith('raw/event_type=transaction/');
    s3Mock
      .on(PutObjectCommand)
      .callsFake((input: { Key: string }) =>
        failing(input.Key) ? Promise.reject(new Error('SlowDown')) : Promise.resolve({}),
      );
    const firstFailing = samples.findIndex((s) => s.valid && s.event.event_type === 'transaction');
    expect(firstFailing).toBe(5);

    const response = await invoke(kinesisEvent(samples));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(firstFailing) }] });
    const durableObjects = writtenObjects().filter((o) => !failing(o.key));
    const durable = linesBySequence(durableObjects);
    for (let index = 0; index < firstFailing; index++) expect(durable.has(sequenceNumber(index))).toBe(true);
    const item = ledgerItems()[0]!;
    expect(item.retry_from_sequence_number).toBe(sequenceNumber(firstFailing));
    expect([...(item.objects as string[])].sort()).toEqual(durableObjects.map((o) => o.key).sort());
    expect(item.success_records).toBe(durable.size);
  });

  it('reports the first record of the batch when the earliest failing object holds it', async () => {
    s3Mock.on(PutObjectCommand).rejects(new Error('InternalError'));

    const response = await invoke(kinesisEvent(validSamples(5)));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(0) }] });
    expect(ledgerItems()[0]).toMatchObject({ objects: [], success_records: 0, total_records: 5 });
  });

  it('has at most WRITE_CONCURRENCY writes in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    s3Mock.on(PutObjectCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(5);
      inFlight--;
      return {};
    });
    // One partition per hour: 12 objects.
    const hours = Array.from({ length: 12 }, (_, h) =>
      record({
        event_type: 'metric',
        timestamp: `2024-01-15T${String(h).padStart(2, '0')}:00:00Z`,
        data: { metric_name: 'm', value: h },
      }),
    );

    await invoke(kinesisEvent(hours), { config: { writeConcurrency: 3 } });

    expect(writtenObjects()).toHaveLength(12);
    expect(peak).toBe(3);
  });
});

describe('ingest handler: invocation errors', () => {
  it('refuses an event that is not a Kinesis batch, naming the field, and writes nothing', async () => {
    const event = kinesisEvent(validSamples(2));
    (event.Records[1]!.kinesis as { sequenceNumber: unknown }).sequenceNumber = 42;

    await expect(invoke(event)).rejects.toThrow(
      'not a Kinesis batch: Records[1].kinesis.sequenceNumber must be a string of decimal digits',
    );
    expect(writtenObjects()).toHaveLength(0);
    expect(ledgerItems()).toHaveLength(0);
  });

  it('refuses, without crashing on it, an invalid record arriving beyond what a Date holds', async () => {
    // The record would be quarantined in a folder named after its arrival hour: there is none.
    const event = kinesisEvent([
      ...validSamples(1),
      { bytes: Buffer.from('{"not":"an event"}'), partitionKey: 'pk' },
    ]);
    event.Records[1]!.kinesis.approximateArrivalTimestamp = 9e12;

    await expect(invoke(event)).rejects.toThrow(
      'not a Kinesis batch: Records[1].kinesis.approximateArrivalTimestamp must be epoch seconds',
    );
    expect(writtenObjects()).toHaveLength(0);
    expect(ledgerItems()).toHaveLength(0);
  });

  it('answers an empty batch with no failures and no writes', async () => {
    expect(await invoke({ Records: [] })).toEqual({ batchItemFailures: [] });
    expect(writtenObjects()).toHaveLength(0);
    expect(ledgerItems()).toHaveLength(0);
  });
});

describe('ingest handler: metrics', () => {
  it('publishes records received, valid, quarantined, objects written and batch duration as EMF', async () => {
    s3Mock
      .on(PutObjectCommand)
      .callsFake((input: { Key: string }) =>
        input.Key.startsWith('quarantine/') ? Promise.reject(new Error('SlowDown')) : Promise.resolve({}),
      );
    const batch = [
      record({
        event_type: 'metric',
        timestamp: '2024-01-15T10:00:00Z',
        data: { metric_name: 'a', value: 1 },
      }),
      record({
        event_type: 'metric',
        timestamp: '2024-01-15T10:00:01Z',
        data: { metric_name: 'a', value: 2 },
      }),
      record({
        event_type: 'metric',
        timestamp: '2024-01-15T11:00:00Z',
        data: { metric_name: 'a', value: 3 },
      }),
      record({ event_type: 'metric' }),
      record('not an object'),
    ];

    await invoke(kinesisEvent(batch));

    const blob = emf.blobs.find((b) => 'RecordsReceived' in b);
    expect(blob).toBeDefined();
    expect(blob!._aws.CloudWatchMetrics[0]!.Namespace).toBe('EventPipeline');
    expect(blob).toMatchObject({
      RecordsReceived: 5,
      RecordsValid: 3,
      RecordsQuarantined: 2,
      ObjectsWritten: 2,
      ObjectWritesFailed: 2,
      LedgerWritesFailed: 0,
    });
    expect(blob!.BatchDuration).toEqual(expect.any(Number));
    expect(unitOf(blob!, 'BatchDuration')).toBe('Milliseconds');
    expect(unitOf(blob!, 'RecordsReceived')).toBe('Count');
  });
});
