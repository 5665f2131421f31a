/**
 * A Kinesis event source mapping, as Lambda runs one: a poller per shard (GetShardIterator,
 * GetRecords), batches of up to `batchSize` records gathered for at most the batching window,
 * one synchronous invocation at a time per shard, checkpointing on success and from the
 * lowest `batchItemFailures` sequence number on a partial failure, bisecting a batch on a
 * function error (which does not use up retries), `maximumRetryAttempts` retries, and on
 * exhaustion the batch's metadata to the on-failure destination, then on with the shard.
 */
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { Destination } from '../lambda/destination.js';
import { invoke, type LocalFunction } from '../lambda/function.js';
import { type BatchOutcome, batchOutcome } from './batch-outcome.js';
import { type DiscardCondition, kinesisFailureRecord } from './failure-record.js';
import {
  fromGetRecords,
  payloadBytes,
  type ShardRecord,
  type StreamIdentity,
  toLambdaEvent,
} from './lambda-event.js';

export interface KinesisMappingSettings {
  batchSize: number;
  batchWindowSeconds: number;
  /** -1: retry until the records expire. */
  maximumRetryAttempts: number;
  /** -1: no limit. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
}

export interface BatchReport {
  shardId: string;
  records: readonly ShardRecord[];
  outcome: BatchOutcome;
  durationMs: number;
}

/** What the mapping tells its observers (the status line, tests). */
export interface MappingObserver {
  onInvoke?(report: BatchReport): void;
  /** Records the function completed (checkpointed past). */
  onCheckpoint?(shardId: string, records: readonly ShardRecord[]): void;
  onDiscard?(records: readonly ShardRecord[], message: object): void;
  onError?(error: Error): void;
}

export interface KinesisMappingOptions {
  kinesis: KinesisClient;
  stream: StreamIdentity & { name: string };
  fn: LocalFunction<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;
  settings: KinesisMappingSettings;
  onFailure?: Destination;
  observer?: MappingObserver;
  /** Wait between polls of an empty shard (Lambda polls each shard once a second). */
  pollIntervalMs?: number;
  /** Wait before the n-th retry of a failed batch (n from 1). */
  retryDelayMs?: (retry: number) => number;
}

export interface KinesisMapping {
  /** The last sequence number checkpointed (completed or discarded) per shard. */
  checkpoints(): ReadonlyMap<string, string>;
  /** Whether every record read so far has been handled (none buffered or in flight). */
  idle(): boolean;
  /** Stops polling; finishes the batch in flight and the records already read first. */
  stop(): Promise<void>;
}

// A synchronous invocation's payload is at most 6 MB.
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const MAX_GET_RECORDS = 10_000;
// Kinesis allows 5 GetRecords calls a second per shard.
const MIN_GET_RECORDS_INTERVAL_MS = 200;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Segment {
  records: ShardRecord[];
  retries: number;
  invokes: number;
}

export async function startKinesisMapping(options: KinesisMappingOptions): Promise<KinesisMapping> {
  const { kinesis, stream, fn, settings, observer = {} } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? ((retry: number) => Math.min(2000, 100 * 2 ** (retry - 1)));
  const checkpoints = new Map<string, string>();
  let stopping = false;
  const wake = new Set<() => void>();
  /** Per shard: records read but not yet handled (buffered or in flight). */
  const unhandled = new Map<string, number>();

  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream.name }));
  const open = Shards.filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined);

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake.add(done);
    });

  async function discard(
    shardId: string,
    records: ShardRecord[],
    condition: DiscardCondition,
    last: Segment & {
      requestId: string;
      functionError: boolean;
    },
  ) {
    const message = kinesisFailureRecord({
      records,
      requestId: last.requestId,
      functionArn: fn.arn,
      streamArn: stream.streamArn,
      condition,
      invokeCount: last.invokes,
      functionError: last.functionError,
    });
    // Lambda delivers the record before it moves on: a failed send is retried, never dropped.
    for (let attempt = 1; options.onFailure !== undefined; attempt++) {
      try {
        await options.onFailure.send(message);
        break;
      } catch (error) {
        observer.onError?.(error as Error);
        await sleep(Math.min(5000, 100 * attempt));
      }
    }
    checkpoints.set(shardId, records[records.length - 1]!.sequenceNumber);
    observer.onDiscard?.(records, message);
  }

  function tooOld(records: readonly ShardRecord[]): boolean {
    if (settings.maximumRecordAgeSeconds < 0 || records.length === 0) return false;
    return (
      Date.now() - records[0]!.approximateArrivalTimestamp.getTime() > settings.maximumRecordAgeSeconds * 1000
    );
  }

  async function processBatch(shardId: string, records: ShardRecord[]): Promise<void> {
    const pending: Segment[] = [{ records, retries: 0, invokes: 0 }];
    while (pending.length > 0) {
      const segment = pending[0]!;
      if (tooOld(segment.records)) {
        await discard(shardId, segment.records, 'RecordAgeExceeded', {
          ...segment,
          requestId: '',
          functionError: false,
        });
        pending.shift();
        continue;
      }
      const result = await invoke(fn, toLambdaEvent(segment.records, stream));
      segment.invokes++;
      const outcome = batchOutcome(segment.records, result, settings.reportBatchItemFailures);
      observer.onInvoke?.({ shardId, records: segment.records, outcome, durationMs: result.durationMs });
      const last = {
        ...segment,
        requestId: result.requestId,
        functionError: outcome.kind === 'function-error',
      };
      const exhausted =
        settings.maximumRetryAttempts >= 0 && segment.retries >= settings.maximumRetryAttempts;

      if (outcome.kind === 'success') {
        checkpoints.set(shardId, segment.records[segment.records.length - 1]!.sequenceNumber);
        observer.onCheckpoint?.(shardId, segment.records);
        pending.shift();
        continue;
      }
      if (outcome.kind === 'partial') {
        const done = segment.records.slice(0, outcome.failedIndex);
        if (done.length > 0) {
          checkpoints.set(shardId, done[done.length - 1]!.sequenceNumber);
          observer.onCheckpoint?.(shardId, done);
        }
        const remaining = segment.records.slice(outcome.failedIndex);
        if (exhausted) {
          await discard(shardId, remaining, 'RetryAttemptsExhausted', last);
          pending.shift();
        } else {
          pending[0] = { records: remaining, retries: segment.retries + 1, invokes: segment.invokes };
          await pause(retryDelayMs(segment.retries + 1));
        }
        continue;
      }
      if (
        outcome.kind === 'function-error' &&
        settings.bisectBatchOnFunctionError &&
        segment.records.length > 1
      ) {
        // Splitting does not consume the retry quota.
        const half = Math.ceil(segment.records.length / 2);
        pending.splice(
          0,
          1,
          { records: segment.records.slice(0, half), retries: segment.retries, invokes: segment.invokes },
          { records: segment.records.slice(half), retries: segment.retries, invokes: segment.invokes },
        );
        continue;
      }
      if (exhausted) {
        await discard(shardId, segment.records, 'RetryAttemptsExhausted', last);
        pending.shift();
      } else {
        segment.retries++;
        await pause(retryDelayMs(segment.retries));
      }
    }
  }

  /** Cuts the next batch off `buffer`: at most batchSize records and 6 MB of payload. */
  function takeBatch(buffer: ShardRecord[]): ShardRecord[] {
    let bytes = 0;
    let count = 0;
    for (const record of buffer) {
      if (count >= settings.batchSize) break;
      bytes += payloadBytes(record);
      if (count > 0 && bytes > MAX_PAYLOAD_BYTES) break;
      count++;
    }
    return buffer.splice(0, count);
  }

  async function iterator(shardId: string, after?: string): Promise<string> {
    const type: ShardIteratorType = after !== undefined ? 'AFTER_SEQUENCE_NUMBER' : settings.startingPosition;
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream.name,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(after !== undefined ? { StartingSequenceNumber: after } : {}),
      }),
    );
    return ShardIterator!;
  }

  async function pollShard(shardId: string): Promise<void> {
    const buffer: ShardRecord[] = [];
    let lastRead: string | undefined;
    let shardIterator: string | undefined = await iterator(shardId);
    let windowStart = 0;
    while (!stopping || buffer.length > 0) {
      if (!stopping && shardIterator !== undefined && buffer.length < settings.batchSize) {
        try {
          const page: GetRecordsCommandOutput = await kinesis.send(
            new GetRecordsCommand({ ShardIterator: shardIterator, Limit: MAX_GET_RECORDS }),
          );
          shardIterator = page.NextShardIterator;
          const records = (page.Records ?? []).map((record) => fromGetRecords(shardId, record));
          if (records.length > 0) {
            if (buffer.length === 0) windowStart = Date.now();
            buffer.push(...records);
            unhandled.set(shardId, (unhandled.get(shardId) ?? 0) + records.length);
            lastRead = records[records.length - 1]!.sequenceNumber;
          }
        } catch (error) {
          if (error instanceof ExpiredIteratorException) shardIterator = await iterator(shardId, lastRead);
          else {
            observer.onError?.(error as Error);
            await pause(pollIntervalMs);
          }
          continue;
        }
      }
      const windowOver = Date.now() - windowStart >= settings.batchWindowSeconds * 1000;
      if (buffer.length > 0 && (buffer.length >= settings.batchSize || windowOver || stopping)) {
        const batch = takeBatch(buffer);
        await processBatch(shardId, batch);
        unhandled.set(shardId, (unhandled.get(shardId) ?? 0) - batch.length);
        if (buffer.length > 0) windowStart = Date.now();
        continue;
      }
      if (stopping) break;
      const untilWindow = windowStart + settings.batchWindowSeconds * 1000 - Date.now();
      await pause(
        buffer.length > 0 ? Math.max(0, Math.min(MIN_GET_RECORDS_INTERVAL_MS, untilWindow)) : pollIntervalMs,
      );
    }
  }

  const loops = open.map((shard) =>
    pollShard(shard.ShardId!).catch((error: unknown) => observer.onError?.(error as Error)),
  );

  return {
    checkpoints: () => checkpoints,
    idle: () => [...unhandled.values()].every((count) => count === 0),
    async stop() {
      stopping = true;
      for (const done of [...wake]) done();
      await Promise.all(loops);
    },
  };
}
