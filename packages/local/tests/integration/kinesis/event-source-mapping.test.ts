/**
 * The Kinesis event source mapping's semantics, against real kinesalite and SQS emulators,
 * with a stub function (ours to stub) recording every batch it is given.
 */

import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { waitFor } from '@event-pipeline/runtime/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  type KinesisMapping,
  type KinesisMappingSettings,
  startKinesisMapping,
} from '../../../src/kinesis/event-source-mapping.js';
import type { KinesisFailureRecord } from '../../../src/kinesis/failure-record.js';
import { sqsDestination } from '../../../src/lambda/destination.js';
import { functionArn } from '../../../src/lambda/function.js';
import { createQueue, createStream, decode, putNumbered, receiveAll } from '../../helpers/factories.js';

type Handler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | undefined>;

const settings: KinesisMappingSettings = {
  batchSize: 100,
  batchWindowSeconds: 0.1,
  maximumRetryAttempts: 3,
  maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
  startingPosition: 'TRIM_HORIZON',
};

describe('Kinesis event source mapping', () => {
  let emulators: Emulators;
  let kinesis: KinesisClient;
  let sqs: SQSClient;
  let mapping: KinesisMapping | undefined;

  beforeAll(async () => {
    emulators = await startEmulators({ services: ['kinesis', 'sqs'] });
    kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
    sqs = new SQSClient(emulators.clientConfig('sqs'));
  });
  afterEach(async () => {
    await mapping?.stop();
    mapping = undefined;
  });
  afterAll(async () => {
    await emulators.stop();
  });

  /** Starts a mapping over a fresh one-shard stream holding `count` records; returns what the function saw. */
  async function run(count: number, handler: Handler, overrides: Partial<KinesisMappingSettings> = {}) {
    const stream = await createStream(kinesis);
    const sequenceNumbers = await putNumbered(kinesis, stream.name, count);
    const dlq = await createQueue(sqs);
    const batches: number[][] = [];
    const events: KinesisStreamEvent[] = [];
    mapping = await startKinesisMapping({
      kinesis,
      stream: {
        name: stream.name,
        streamArn: stream.arn,
        region: 'us-east-1',
        roleArn: 'arn:aws:iam::000000000000:role/r',
      },
      fn: {
        name: 'stub',
        arn: functionArn('stub', 'us-east-1', '000000000000'),
        timeoutMs: 5_000,
        memoryMb: 512,
        handler: async (event) => {
          events.push(event);
          batches.push(event.Records.map((record) => decode(record.kinesis.data).n));
          return handler(event);
        },
      },
      settings: { ...settings, ...overrides },
      onFailure: sqsDestination(sqs, dlq),
      pollIntervalMs: 50,
      retryDelayMs: () => 1,
    });
    const last = sequenceNumbers[sequenceNumbers.length - 1]!;
    const finished = () => [...mapping!.checkpoints().values()].includes(last);
    return { stream, sequenceNumbers, dlq, batches, events, finished };
  }

  it('hands the function batches of at most batchSize records, in order, in the Lambda event shape', async () => {
    const { stream, sequenceNumbers, batches, events, finished } = await run(250, async () => undefined);
    await waitFor(finished, 10_000, 'the shard to be checkpointed');
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const record = events[0]!.Records[0]!;
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'one-key',
        sequenceNumber: sequenceNumbers[0],
        data: Buffer.from('{"n":0}').toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumbers[0]}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/r',
      awsRegion: 'us-east-1',
      eventSourceARN: stream.arn,
    });
    expect(record.kinesis.approximateArrivalTimestamp).toBeCloseTo(Date.now() / 1000, -2);
  });

  it('waits up to the batching window for a batch that is not full', async () => {
    const started = Date.now();
    const calls: number[] = [];
    const { batches, finished } = await run(
      5,
      async () => {
        calls.push(Date.now() - started);
        return undefined;
      },
      { batchWindowSeconds: 1 },
    );
    await waitFor(finished, 5_000, 'the batch');
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
    expect(calls[0]).toBeGreaterThanOrEqual(950);
  });

  it('checkpoints before the lowest reported failure and resumes from exactly that record', async () => {
    let first = true;
    const { batches, sequenceNumbers, finished } = await run(100, async (event) => {
      if (!first) return { batchItemFailures: [] };
      first = false;
      const failed = [event.Records[70]!, event.Records[30]!];
      return {
        batchItemFailures: failed.map((record) => ({ itemIdentifier: record.kinesis.sequenceNumber })),
      };
    });
    await waitFor(finished, 10_000, 'the shard to be checkpointed');
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual(Array.from({ length: 70 }, (_, i) => 30 + i));
    expect(mapping!.checkpoints().get('shardId-000000000000')).toBe(sequenceNumbers[99]);
  });

  it('bisects on a function error until the poison record is alone, retries it, then sends its metadata to the DLQ', async () => {
    const { batches, dlq, sequenceNumbers, stream, finished } = await run(16, async (event) => {
      if (event.Records.some((record) => decode(record.kinesis.data).n === 5)) throw new Error('poison');
      return undefined;
    });
    await waitFor(finished, 10_000, 'the shard to be checkpointed');
    // 16 -> 8 -> 4 -> 2 -> 1, then 3 retries of the lone poison record; no retry spent on the splits.
    expect(batches.filter((batch) => batch.includes(5))).toEqual([
      Array.from({ length: 16 }, (_, i) => i),
      [0, 1, 2, 3, 4, 5, 6, 7],
      [4, 5, 6, 7],
      [4, 5],
      [5],
      [5],
      [5],
      [5],
    ]);
    const succeeded = batches.filter((batch) => !batch.includes(5)).flat();
    expect(succeeded.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const messages = await receiveAll(sqs, dlq);
    expect(messages).toEqual([
      {
        requestContext: {
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:stub',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 8,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        KinesisBatchInfo: {
          shardId: 'shardId-000000000000',
          startSequenceNumber: sequenceNumbers[5],
          endSequenceNumber: sequenceNumbers[5],
          approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
          approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
          batchSize: 1,
          streamArn: stream.arn,
        },
      },
    ]);
  });

  it('after maximumRetryAttempts partial failures, discards from the failed record on and moves on', async () => {
    const { batches, dlq, sequenceNumbers, finished } = await run(
      10,
      async (event) => {
        const failing = event.Records.find((record) => decode(record.kinesis.data).n === 6);
        return failing
          ? { batchItemFailures: [{ itemIdentifier: failing.kinesis.sequenceNumber }] }
          : undefined;
      },
      { batchSize: 10, maximumRetryAttempts: 2 },
    );
    await waitFor(finished, 10_000, 'the shard to be checkpointed');
    expect(batches).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [6, 7, 8, 9],
      [6, 7, 8, 9],
    ]);
    const [message, ...others] = (await receiveAll(sqs, dlq)) as KinesisFailureRecord[];
    expect(others).toEqual([]);
    expect(message!.requestContext.approximateInvokeCount).toBe(3);
    expect(message!.responseContext.functionError).toBeUndefined();
    expect(message!.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: sequenceNumbers[6],
      endSequenceNumber: sequenceNumbers[9],
      batchSize: 4,
    });
  });

  it('treats an itemIdentifier that is not in the batch as a failure of the whole batch', async () => {
    let calls = 0;
    const { batches, finished } = await run(3, async () => {
      calls++;
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] } : undefined;
    });
    await waitFor(finished, 10_000, 'the shard to be checkpointed');
    expect(batches).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });
});
