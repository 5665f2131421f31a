import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { ShardRecord } from '@event-pipeline/local';
import { s3Event } from '@event-pipeline/runtime/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { Outcome, PipelineFunctions } from '../../src/pipeline-functions.js';
import { redrive } from '../../src/redrive.js';
import {
  ingestDlqBody,
  RAW_BUCKET,
  shardRecords,
  testTarget,
  transformDlqBody,
} from '../helpers/factories.js';

const sqsMock = mockClient(SQSClient);
const kinesisMock = mockClient(KinesisClient);
const target = testTarget();

/** The pipeline's handlers as the redrive sees them: what they were called with, what they answer. */
function recordingFunctions(answer: () => Outcome = () => ({ ok: true })) {
  const calls = { ingest: [] as ShardRecord[][], transform: [] as S3Event[] };
  const functions: PipelineFunctions = {
    ingest: async (records) => {
      calls.ingest.push([...records]);
      return answer();
    },
    transform: async (event) => {
      calls.transform.push(event);
      return answer();
    },
  };
  return { functions, calls };
}

/** The queue hands out these messages one receive at a time, then nothing. */
function queueHolds(bodies: string[]): Message[] {
  const messages = bodies.map((body, i) => ({
    MessageId: `m-${i}`,
    ReceiptHandle: `receipt-${i}`,
    Body: body,
  }));
  const receive = sqsMock.on(ReceiveMessageCommand);
  for (const message of messages) receive.resolvesOnce({ Messages: [message] });
  receive.resolves({ Messages: [] });
  return messages;
}

/** The shard holds these records: an iterator starts at the first one at or after the sequence number asked. */
function streamHolds(records: ShardRecord[]) {
  kinesisMock
    .on(GetShardIteratorCommand)
    .callsFake((input) => ({ ShardIterator: `at:${input.StartingSequenceNumber}` }));
  kinesisMock.on(GetRecordsCommand).callsFake((input) => {
    const start = BigInt(String(input.ShardIterator).slice('at:'.length));
    return {
      Records: records
        .filter((record) => BigInt(record.sequenceNumber) >= start)
        .map((record) => ({
          SequenceNumber: record.sequenceNumber,
          PartitionKey: record.partitionKey,
          Data: record.data,
          ApproximateArrivalTimestamp: record.approximateArrivalTimestamp,
        })),
      MillisBehindLatest: 0,
    };
  });
}

const deleted = () =>
  sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle);
const released = () => sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input);

beforeEach(() => {
  sqsMock.reset();
  kinesisMock.reset();
  sqsMock.on(DeleteMessageCommand).resolves({});
  sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
});

describe('redrive of the ingest DLQ', () => {
  it('reads each batch back from the stream, processes it, and deletes the message once it is durable', async () => {
    const records = shardRecords(12);
    streamHolds(records);
    queueHolds([ingestDlqBody(records.slice(0, 5)), ingestDlqBody(records.slice(5, 12))]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'ingest', functions });
    expect(calls.ingest.map((batch) => batch.map((record) => record.sequenceNumber))).toEqual([
      records.slice(0, 5).map((record) => record.sequenceNumber),
      records.slice(5, 12).map((record) => record.sequenceNumber),
    ]);
    expect(deleted()).toEqual(['receipt-0', 'receipt-1']);
    expect(summary).toMatchObject({ queue: 'ingest', received: 2, redriven: 2, failed: 0, items: 12 });
    const receive = sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input;
    expect(receive).toMatchObject({ QueueUrl: target.dlq.ingest, MaxNumberOfMessages: 1 });
    // Invisible for every attempt of the function's timeout.
    expect(receive.VisibilityTimeout).toBeGreaterThanOrEqual(3 * 60);
  });

  it('leaves a batch the handler could not make durable in the queue, visible again, with the reason', async () => {
    const records = shardRecords(3);
    streamHolds(records);
    queueHolds([ingestDlqBody(records)]);
    const { functions, calls } = recordingFunctions(() => ({ ok: false, reason: 'SlowDown' }));
    const summary = await redrive({ target, queue: 'ingest', functions, attempts: 2 });
    expect(calls.ingest).toHaveLength(2);
    expect(deleted()).toEqual([]);
    expect(released()).toEqual([
      { QueueUrl: target.dlq.ingest, ReceiptHandle: 'receipt-0', VisibilityTimeout: 0 },
    ]);
    expect(summary.failed).toBe(1);
    expect(summary.messages[0]).toMatchObject({ status: 'failed', reason: 'SlowDown (after 2 attempts)' });
  });

  it('says the records have expired, and keeps the message, when the stream no longer holds them', async () => {
    const records = shardRecords(6);
    streamHolds(records.slice(3));
    queueHolds([ingestDlqBody(records)]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'ingest', functions });
    expect(calls.ingest).toEqual([]);
    expect(deleted()).toEqual([]);
    expect(summary.messages[0]!.reason).toMatch(/are no longer in stream/);
  });

  it('keeps messages of another stream and messages it cannot read, saying why', async () => {
    const records = shardRecords(2);
    streamHolds(records);
    queueHolds([
      ingestDlqBody(records, 'arn:aws:kinesis:us-east-1:000000000000:stream/another-stream'),
      'not json',
    ]);
    const summary = await redrive({ target, queue: 'ingest', functions: recordingFunctions().functions });
    expect(summary.messages.map((message) => message.reason)).toEqual([
      expect.stringMatching(
        /it is for stream arn:.*:stream\/another-stream, not arn:.*:stream\/event-pipeline-test-stream/,
      ),
      expect.stringMatching(/not a Kinesis on-failure record: the body is not JSON/),
    ]);
    expect(deleted()).toEqual([]);
    expect(released()).toHaveLength(2);
  });

  it('in a dry run, reads and checks every message but processes and deletes none', async () => {
    const records = shardRecords(4);
    streamHolds(records);
    queueHolds([ingestDlqBody(records)]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'ingest', functions, dryRun: true });
    expect(summary.messages).toEqual([
      expect.objectContaining({
        status: 'would-redrive',
        items: 4,
        subject: expect.stringContaining('(4 records'),
      }),
    ]);
    expect(calls.ingest).toEqual([]);
    expect(deleted()).toEqual([]);
    expect(released()).toHaveLength(1);
  });

  it('reads no more of a range than the batch size the message gives', async () => {
    const records = shardRecords(50);
    streamHolds(records);
    const body = JSON.parse(ingestDlqBody(records.slice(0, 5)));
    // A message whose range runs far past its batch.
    body.KinesisBatchInfo.endSequenceNumber = records[49]!.sequenceNumber;
    queueHolds([JSON.stringify(body)]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'ingest', functions });
    expect(calls.ingest).toEqual([]);
    expect(summary.messages[0]!.reason).toMatch(/the stream holds more than 5 records in/);
    expect(deleted()).toEqual([]);
  });

  it('handles at most --max-messages messages', async () => {
    const records = shardRecords(3);
    streamHolds(records);
    queueHolds([
      ingestDlqBody(records.slice(0, 1)),
      ingestDlqBody(records.slice(1, 2)),
      ingestDlqBody(records.slice(2)),
    ]);
    const summary = await redrive({
      target,
      queue: 'ingest',
      functions: recordingFunctions().functions,
      maxMessages: 2,
    });
    expect(summary.received).toBe(2);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(2);
  });

  it('does not work twice on a message that shows up again in the same run', async () => {
    const records = shardRecords(2);
    streamHolds(records);
    const message = { MessageId: 'm-0', ReceiptHandle: 'receipt-0', Body: ingestDlqBody(records) };
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message] })
      .resolvesOnce({ Messages: [{ ...message, ReceiptHandle: 'receipt-0-again' }] })
      .resolves({ Messages: [] });
    const { functions, calls } = recordingFunctions(() => ({ ok: false, reason: 'still failing' }));
    const summary = await redrive({ target, queue: 'ingest', functions, attempts: 1 });
    expect(calls.ingest).toHaveLength(1);
    expect(summary.received).toBe(1);
    expect(released().map((input) => input.ReceiptHandle)).toEqual(['receipt-0-again']);
  });
});

describe('redrive of the transform DLQ', () => {
  const key = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_shard_1_2.json';

  it('transforms the objects of the failed event again and deletes the message', async () => {
    const event = s3Event({ bucket: RAW_BUCKET, key });
    queueHolds([transformDlqBody(event)]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'transform', functions });
    expect(calls.transform).toEqual([event]);
    expect(deleted()).toEqual(['receipt-0']);
    expect(summary.messages[0]).toMatchObject({
      status: 'redriven',
      items: 1,
      subject: `s3://${RAW_BUCKET}/${key}`,
    });
  });

  it("keeps an event of another stage's bucket", async () => {
    queueHolds([transformDlqBody(s3Event({ bucket: 'someone-elses-bucket', key }))]);
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({ target, queue: 'transform', functions });
    expect(calls.transform).toEqual([]);
    expect(summary.messages[0]!.reason).toMatch(/names bucket someone-elses-bucket, not the raw bucket/);
    expect(deleted()).toEqual([]);
  });
});

describe('taking messages out of a DLQ', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redrive-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const exported = (file: string) =>
    readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('discards only the messages named, saving each to the export file before deleting it', async () => {
    const records = shardRecords(4);
    streamHolds(records);
    queueHolds([ingestDlqBody(records.slice(0, 2)), ingestDlqBody(records.slice(2)), 'not json']);
    const exportFile = join(dir, 'dlq.jsonl');
    const { functions, calls } = recordingFunctions();
    const summary = await redrive({
      target,
      queue: 'ingest',
      functions,
      discard: ['m-1', 'm-2', 'm-9'],
      exportFile,
    });
    expect(calls.ingest).toEqual([]);
    expect(deleted()).toEqual(['receipt-1', 'receipt-2']);
    // The message not named is left as it was, visible again.
    expect(released().map((input) => input.ReceiptHandle)).toEqual(['receipt-0']);
    expect(summary).toMatchObject({ received: 2, exported: 2, redriven: 0, failed: 0, notFound: ['m-9'] });
    expect(summary.messages.map((message) => message.status)).toEqual(['exported', 'exported']);
    expect(exported(exportFile)).toEqual([
      expect.objectContaining({
        messageId: 'm-1',
        queue: 'ingest',
        queueUrl: target.dlq.ingest,
        body: ingestDlqBody(records.slice(2)),
        subject: expect.stringContaining('(2 records'),
        reason: 'discarded by id',
      }),
      expect.objectContaining({ messageId: 'm-2', body: 'not json', subject: 'unreadable message' }),
    ]);
  });

  it('with an export file alone, takes out every message the run cannot redrive, with why', async () => {
    const records = shardRecords(6);
    streamHolds(records.slice(3));
    queueHolds([ingestDlqBody(records.slice(0, 3)), ingestDlqBody(records.slice(3))]);
    const exportFile = join(dir, 'dlq.jsonl');
    const summary = await redrive({
      target,
      queue: 'ingest',
      functions: recordingFunctions().functions,
      exportFile,
    });
    expect(deleted()).toEqual(['receipt-0', 'receipt-1']);
    expect(summary).toMatchObject({ redriven: 1, exported: 1, failed: 0 });
    expect(exported(exportFile)).toEqual([
      expect.objectContaining({ messageId: 'm-0', reason: expect.stringMatching(/are no longer in stream/) }),
    ]);
  });

  it('refuses to discard without an export file, and to export on a dry run', async () => {
    await expect(redrive({ target, queue: 'ingest', discard: ['m-0'] })).rejects.toThrow(
      'discarding messages needs an export file to save them to',
    );
    await expect(
      redrive({ target, queue: 'ingest', dryRun: true, exportFile: join(dir, 'x.jsonl') }),
    ).rejects.toThrow('a dry run exports and discards nothing');
    expect(sqsMock.calls()).toHaveLength(0);
  });
});
