/**
 * The transformer behind the raw bucket's notification, as S3 and Lambda run it: each object
 * written under the trigger's filter is an asynchronous invocation of the real transform
 * handler, retried per the function's invoke config, then sent to its on-failure destination.
 * The records of a dead-lettered raw object are read to name them in the reconciliation.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Emulators } from '@event-pipeline/emulators';
import { parseRawLine } from '@event-pipeline/schema';
import { decodeS3Key } from '@event-pipeline/transform';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { type AsyncInvoker, createAsyncInvoker } from '../lambda/async-invoke.js';
import type { Destination } from '../lambda/destination.js';
import { type LambdaHandler, localFunction } from '../lambda/function.js';
import { startS3Notifications } from '../s3/notifications.js';
import { type HandlerClients, handlerClients, type LogLevel, transformHandler } from './handlers.js';
import { positionKey } from './reconcile.js';
import type { RunAccounting } from './run-accounting.js';
import type { BucketTrigger } from './triggers.js';

export type TransformHandler = LambdaHandler<S3Event, unknown>;

interface TransformSourceOptions {
  emulators: Emulators;
  /** Reads dead-lettered objects. */
  s3: S3Client;
  trigger: BucketTrigger;
  onFailure?: Destination;
  logLevel: LogLevel;
  accounting: RunAccounting;
  wrap?: (handler: TransformHandler) => TransformHandler;
  decorateClients?: (clients: HandlerClients) => void;
  retryDelayMs?: (retry: number) => number;
  concurrency: number;
}

interface TransformSource {
  invoker: AsyncInvoker<S3Event>;
  /** Stops the notifications, then waits for what is queued or retrying. */
  stop(): Promise<void>;
}

/** The stream positions of the records a raw object holds. */
async function recordPositions(s3: S3Client, record: S3EventRecord): Promise<string[]> {
  const key = decodeS3Key(record.s3.object.key);
  const object = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
  const text = await object.Body!.transformToString();
  const positions: string[] = [];
  for (const line of text.split('\n').filter((candidate) => candidate !== '')) {
    const parsed = parseRawLine(line);
    if (!parsed.ok) continue;
    const { shard_id: shardId, sequence_number: sequenceNumber } = parsed.line.kinesis_metadata;
    positions.push(positionKey({ shardId, sequenceNumber }));
  }
  return positions;
}

export function startTransformSource(options: TransformSourceOptions): TransformSource {
  const { emulators, trigger, accounting } = options;
  const clients = handlerClients(emulators);
  options.decorateClients?.(clients);
  const real = transformHandler(trigger.fn.environment, clients, options.logLevel);
  const invoker = createAsyncInvoker<S3Event>({
    fn: localFunction(trigger.fn, options.wrap ? options.wrap(real) : real),
    maximumRetryAttempts: trigger.maximumRetryAttempts,
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
    concurrency: options.concurrency,
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    observer: {
      onSuccess: () => accounting.transformInvoked(false),
      onFailure: () => accounting.transformInvoked(true),
      onDeadLetter: (event) =>
        accounting.transformDeadLettered(
          Promise.all((event as S3Event).Records.map((record) => recordPositions(options.s3, record))).then(
            (positions) => positions.flat(),
          ),
        ),
    },
  });
  const stopNotifications = startS3Notifications({
    subscribe: (listener) => emulators.onS3Event(listener),
    bucket: trigger.bucket,
    filter: trigger.filter,
    region: emulators.region,
    invoker,
  });
  return {
    invoker,
    async stop() {
      stopNotifications();
      await invoker.drain();
    },
  };
}
