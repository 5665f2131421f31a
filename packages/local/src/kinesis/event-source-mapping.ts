/**
 * A Kinesis event source mapping, as Lambda runs one: a poller per open shard (shard-poller.ts:
 * batches of up to `batchSize` records gathered for at most the batching window, one
 * synchronous invocation at a time per shard) and each batch taken through the function
 * (batch-processor.ts: partial failures, bisect, retries, on-failure destination), with the
 * checkpoint of every shard.
 */
import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { Destination } from '../lambda/destination.js';
import type { LocalFunction } from '../lambda/function.js';
import type { BatchOutcome } from './batch-outcome.js';
import { createBatchProcessor } from './batch-processor.js';
import type { ShardRecord, StreamIdentity } from './lambda-event.js';
import { pollShard } from './shard-poller.js';

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

/** Waits that end early, all at once, when the mapping is stopped. */
function interruptiblePauses() {
  const wake = new Set<() => void>();
  return {
    pause: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake.add(done);
      }),
    interrupt() {
      for (const done of [...wake]) done();
    },
  };
}

export async function startKinesisMapping(options: KinesisMappingOptions): Promise<KinesisMapping> {
  const { kinesis, stream, settings, observer = {} } = options;
  const checkpoints = new Map<string, string>();
  /** Per shard: records read but not yet handled (buffered or in flight). */
  const unhandled = new Map<string, number>();
  const { pause, interrupt } = interruptiblePauses();
  let stopping = false;

  const processBatch = createBatchProcessor({
    fn: options.fn,
    stream,
    settings,
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    observer,
    retryDelayMs: options.retryDelayMs ?? ((retry) => Math.min(2000, 100 * 2 ** (retry - 1))),
    pause,
    checkpoint: (shardId, sequenceNumber) => checkpoints.set(shardId, sequenceNumber),
  });

  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream.name }));
  const open = Shards.filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined);
  const onError = (error: Error) => observer.onError?.(error);
  const pollers = open.map(({ ShardId: shardId }) =>
    pollShard({
      kinesis,
      streamName: stream.name,
      shardId: shardId!,
      settings,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      pause,
      stopping: () => stopping,
      processBatch,
      onUnhandled: (delta) => unhandled.set(shardId!, (unhandled.get(shardId!) ?? 0) + delta),
      onError,
    }).catch(onError),
  );

  return {
    checkpoints: () => checkpoints,
    idle: () => [...unhandled.values()].every((count) => count === 0),
    async stop() {
      stopping = true;
      interrupt();
      await Promise.all(pollers);
    },
  };
}
