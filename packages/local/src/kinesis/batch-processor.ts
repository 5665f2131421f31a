/**
 * One batch through the function, as a Kinesis event source mapping handles it: checkpointing
 * on success and before the lowest `batchItemFailures` sequence number on a partial failure,
 * bisecting the batch on a function error (which does not use up retries), `maximumRetryAttempts`
 * retries, and on exhaustion (or once the records are too old) the batch's metadata to the
 * on-failure destination, after which the shard moves on past it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { Destination } from '../lambda/destination.js';
import { invoke, type LocalFunction } from '../lambda/function.js';
import { batchOutcome } from './batch-outcome.js';
import type { KinesisMappingSettings, MappingObserver } from './event-source-mapping.js';
import { type DiscardCondition, kinesisFailureRecord } from './failure-record.js';
import { type ShardRecord, type StreamIdentity, toLambdaEvent } from './lambda-event.js';

interface BatchProcessorOptions {
  fn: LocalFunction<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;
  stream: StreamIdentity;
  settings: KinesisMappingSettings;
  onFailure?: Destination;
  observer: MappingObserver;
  /** Wait before the n-th retry of a segment (n from 1). */
  retryDelayMs: (retry: number) => number;
  /** Waits, or less if the mapping is being stopped. */
  pause: (ms: number) => Promise<void>;
  /** Records the last sequence number the shard is done with (completed or discarded). */
  checkpoint: (shardId: string, sequenceNumber: string) => void;
}

/** Part of a batch still to go through the function: a batch, a half of one, or the rest after a partial failure. */
interface Segment {
  records: ShardRecord[];
  retries: number;
  invokes: number;
}

/** The last invocation of a segment, as the on-failure record reports it. */
interface LastAttempt {
  requestId: string;
  functionError: boolean;
}

const lastOf = (records: readonly ShardRecord[]) => records[records.length - 1]!.sequenceNumber;

/** Returns the function that takes one batch of a shard through to its checkpoint. */
export function createBatchProcessor(options: BatchProcessorOptions) {
  const { fn, stream, settings, observer } = options;

  function complete(shardId: string, records: readonly ShardRecord[]) {
    if (records.length === 0) return;
    options.checkpoint(shardId, lastOf(records));
    observer.onCheckpoint?.(shardId, records);
  }

  async function discard(shardId: string, segment: Segment, condition: DiscardCondition, last: LastAttempt) {
    const message = kinesisFailureRecord({
      records: segment.records,
      requestId: last.requestId,
      functionArn: fn.arn,
      streamArn: stream.streamArn,
      condition,
      invokeCount: segment.invokes,
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
    options.checkpoint(shardId, lastOf(segment.records));
    observer.onDiscard?.(segment.records, message);
  }

  function tooOld(records: readonly ShardRecord[]): boolean {
    if (settings.maximumRecordAgeSeconds < 0 || records.length === 0) return false;
    return (
      Date.now() - records[0]!.approximateArrivalTimestamp.getTime() > settings.maximumRecordAgeSeconds * 1000
    );
  }

  /** The segment again after a pause, or discarded once its retries are used up. */
  async function retryOrDiscard(shardId: string, segment: Segment, last: LastAttempt): Promise<Segment[]> {
    if (settings.maximumRetryAttempts >= 0 && segment.retries >= settings.maximumRetryAttempts) {
      await discard(shardId, segment, 'RetryAttemptsExhausted', last);
      return [];
    }
    const retried = { ...segment, retries: segment.retries + 1 };
    await options.pause(options.retryDelayMs(retried.retries));
    return [retried];
  }

  /** Invokes the function with one segment; returns the segments still to go, in order. */
  async function run(shardId: string, segment: Segment): Promise<Segment[]> {
    if (tooOld(segment.records)) {
      await discard(shardId, segment, 'RecordAgeExceeded', { requestId: '', functionError: false });
      return [];
    }
    const result = await invoke(fn, toLambdaEvent(segment.records, stream));
    const invoked = { ...segment, invokes: segment.invokes + 1 };
    const outcome = batchOutcome(segment.records, result, settings.reportBatchItemFailures);
    observer.onInvoke?.({ shardId, records: segment.records, outcome, durationMs: result.durationMs });
    const last = { requestId: result.requestId, functionError: outcome.kind === 'function-error' };
    switch (outcome.kind) {
      case 'success':
        complete(shardId, segment.records);
        return [];
      case 'partial':
        complete(shardId, segment.records.slice(0, outcome.failedIndex));
        return retryOrDiscard(
          shardId,
          { ...invoked, records: segment.records.slice(outcome.failedIndex) },
          last,
        );
      case 'function-error':
        if (settings.bisectBatchOnFunctionError && segment.records.length > 1) {
          // Splitting does not consume the retry quota.
          const half = Math.ceil(segment.records.length / 2);
          return [
            { ...invoked, records: segment.records.slice(0, half) },
            { ...invoked, records: segment.records.slice(half) },
          ];
        }
        return retryOrDiscard(shardId, invoked, last);
      case 'invalid-response':
        return retryOrDiscard(shardId, invoked, last);
    }
  }

  return async function processBatch(shardId: string, records: ShardRecord[]): Promise<void> {
    let pending: Segment[] = [{ records, retries: 0, invokes: 0 }];
    while (pending.length > 0) {
      const [segment, ...rest] = pending;
      pending = [...(await run(shardId, segment!)), ...rest];
    }
  };
}
