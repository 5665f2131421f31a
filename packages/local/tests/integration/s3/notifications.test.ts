/**
 * S3 notifications to an asynchronously invoked function, against real s3rver and SQS
 * emulators with a stub function: real-shaped events for matching keys only, two retries
 * on error, then the invocation record in the async destination format on the DLQ.
 */

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { waitFor } from '@event-pipeline/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { S3Event } from 'aws-lambda';
import { type AsyncFailureRecord, createAsyncInvoker } from '../../../src/lambda/async-invoke.js';
import { sqsDestination } from '../../../src/lambda/destination.js';
import { functionArn } from '../../../src/lambda/function.js';
import { startS3Notifications } from '../../../src/s3/notifications.js';
import { createQueue, receiveAll, uniqueName } from '../../helpers/factories.js';

describe('S3 notifications with asynchronous invocation', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let sqs: SQSClient;

  beforeAll(async () => {
    emulators = await startEmulators({ services: ['s3', 'sqs'] });
    s3 = new S3Client(emulators.clientConfig('s3'));
    sqs = new SQSClient(emulators.clientConfig('sqs'));
  });
  afterAll(async () => {
    await emulators.stop();
  });

  async function setUp(handler: (event: S3Event) => Promise<unknown>) {
    const bucket = uniqueName('bucket');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const dlq = await createQueue(sqs);
    const events: S3Event[] = [];
    const attempts: number[] = [];
    const invoker = createAsyncInvoker<S3Event>({
      fn: {
        name: 'transformer',
        arn: functionArn('transformer', 'us-east-1', '000000000000'),
        timeoutMs: 5_000,
        memoryMb: 512,
        handler: async (event) => {
          events.push(event);
          attempts.push(Date.now());
          return handler(event);
        },
      },
      maximumRetryAttempts: 2,
      retryDelayMs: () => 10,
      onFailure: sqsDestination(sqs, dlq),
    });
    const stop = startS3Notifications({
      subscribe: (listener) => emulators.onS3Event(listener),
      bucket,
      filter: { event: 's3:ObjectCreated:*', prefix: 'raw/', suffix: '.json' },
      region: 'us-east-1',
      invoker,
    });
    const put = (key: string) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{"a":1}\n' }));
    return { bucket, dlq, events, attempts, invoker, stop, put };
  }

  it('invokes the function once per matching object with a real-shaped event and a URL-encoded key', async () => {
    const { bucket, events, invoker, stop, put } = await setUp(async () => undefined);
    await put('raw/event_type=metric/year=2024/data a+b.json');
    await put('raw/not-json.txt');
    await put('quarantine/reason=not_json/x.json');
    await invoker.drain();
    stop();
    expect(events).toHaveLength(1);
    expect(events[0]!.Records).toEqual([
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: expect.stringMatching(/Z$/),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: expect.any(String) },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': expect.any(String), 'x-amz-id-2': expect.any(String) },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local-pipeline',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: expect.any(String) },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: 'raw/event_type%3Dmetric/year%3D2024/data+a%2Bb.json',
            size: 8,
            eTag: expect.stringMatching(/^[0-9a-f]{32}$/),
            sequencer: expect.any(String),
          },
        },
      },
    ]);
  });

  it('retries a failing invocation twice, then sends the invocation record to the DLQ', async () => {
    const { dlq, events, invoker, stop, put } = await setUp(async () => {
      throw new TypeError('cannot read the object');
    });
    await put('raw/always-fails.json');
    await waitFor(() => events.length === 3 && invoker.pending() === 0, 5_000, 'the retries and the DLQ');
    stop();
    const messages = (await receiveAll(sqs, dlq)) as AsyncFailureRecord[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/Z$/),
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:transformer:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: JSON.parse(JSON.stringify(events[0])),
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'TypeError',
        errorMessage: 'cannot read the object',
        trace: expect.arrayContaining([expect.stringContaining('TypeError: cannot read the object')]),
      },
    });
  });

  it('delivers a success on the first retry without touching the DLQ', async () => {
    let calls = 0;
    const { dlq, events, invoker, stop, put } = await setUp(async () => {
      calls++;
      if (calls === 1) throw new Error('transient');
    });
    await put('raw/transient.json');
    await waitFor(() => events.length === 2 && invoker.pending() === 0, 5_000, 'the retry');
    stop();
    expect(await receiveAll(sqs, dlq)).toEqual([]);
  });
});
