/**
 * The whole pipeline in this process (docs/architecture.md §7): the emulators (in a worker
 * thread of their own), the stack created
 * from the templates `sls package` compiles for the cloud, the real ingest and transform
 * handlers behind the Kinesis event source mapping and the S3 notification emulated with the
 * cloud's semantics, the real compactor behind its schedule at local speed, and a tracker of
 * what lands in the lake to reconcile a run against (and curated/ against processed/).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { RunRequest } from '@event-pipeline/compact';
import {
  type Emulators,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  startEmulatorsInThreads,
} from '@event-pipeline/emulators';
import { isPartitionPath } from '@event-pipeline/schema';
import type { KinesisMappingSettings } from '../kinesis/event-source-mapping.js';
import { sqsDestination } from '../lambda/destination.js';
import { type ProducedRecord, percentile } from '../producer/producer.js';
import type { StackFile } from '../stack/stack-file.js';
import {
  type CompactionCounters,
  type CompactionRun,
  type CompactSchedule,
  type LocalTimings,
  startCompactSchedule,
} from './compact-schedule.js';
import { auditCurated, type CuratedReconciliation } from './curated-audit.js';
import type { HandlerClients, LogLevel } from './handlers.js';
import { type IngestHandler, startIngestSource } from './ingest-source.js';
import { createLakeTracker, type LakeTracker } from './lake-tracker.js';
import { createLocalStack } from './local-stack.js';
import { loadPipelineStacks } from './pipeline-stacks.js';
import type { Reconciliation } from './reconcile.js';
import { createRunAccounting, type PipelineCounters, type RunAccounting } from './run-accounting.js';
import { settle } from './settle.js';
import { sortedView } from './sorted-view.js';
import { startTransformSource, type TransformHandler } from './transform-source.js';

export interface LocalPipelineOptions {
  /** The repository root: serverless.yml, resources/, config/, services/. */
  rootDir: string;
  /** Whose parameters (config/stages.yml) shape the local stack. */
  stage?: string;
  /** Where s3rver keeps the lake; a temporary directory (removed on stop) when omitted. */
  dataDir?: string;
  logLevel?: LogLevel;
  /** Overrides of the ingest mapping's settings from its stack. */
  mapping?: Partial<KinesisMappingSettings>;
  /** How often an idle shard is polled (Lambda: once a second). */
  pollIntervalMs?: number;
  /** Wait before the n-th async retry of the transformer (Lambda: about 1 and 2 minutes). */
  asyncRetryDelayMs?: (retry: number) => number;
  /** Transformer invocations at once. */
  transformConcurrency?: number;
  /** Wraps a real handler (fault injection in tests). */
  wrapIngest?: (handler: IngestHandler) => IngestHandler;
  wrapTransform?: (handler: TransformHandler) => TransformHandler;
  /** Called with each function's SDK clients before its handler is built (SDK-level fault injection). */
  decorateClients?: (fn: 'ingest' | 'transform' | 'compact', clients: HandlerClients) => void;
  /**
   * Runs the compactor's schedule every this many seconds, its settle time scaled alike
   * (compact-schedule.ts); without it the compactor runs only when asked (`compact()`).
   */
  compactEverySeconds?: number;
}

export interface PipelineStatus extends PipelineCounters {
  produced: number;
  processed: number;
  quarantined: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** What the compactions so far made of curated/. */
  curated: CompactionCounters;
}

export interface LocalPipeline {
  stack: StackFile;
  /** Lines about the stack: where its templates came from, skipped resources, reused ones. */
  notes: string[];
  emulators: Emulators;
  clients: { kinesis: KinesisClient; s3: S3Client; dynamodb: DynamoDBClient; sqs: SQSClient };
  mappingSettings: KinesisMappingSettings;
  tracker: LakeTracker;
  /** Registers records the producer got acknowledged, for the status and reconciliation. */
  recordProduced(records: readonly ProducedRecord[]): void;
  status(): PipelineStatus;
  /**
   * Waits until every produced record is accounted for, or the pipeline has caught up with
   * the stream and gone quiet (then what is not accounted for is missing), or the timeout.
   */
  settle(timeoutMs?: number): Promise<void>;
  /** Every record of this run's producer and every other record read from the stream, accounted for. */
  reconcile(): Reconciliation;
  /** The compactor's schedule: its local timings (undefined: it runs only when asked) and function. */
  compaction: { timings: LocalTimings | undefined; functionName: string; scheduleExpression: string };
  /**
   * One compactor run now (after any in progress): the schedule's choice, or what `request`
   * asks (`{ all: true }` at the end of a run: every pending partition, settled or not).
   */
  compact(request?: RunRequest): Promise<CompactionRun>;
  /**
   * curated/ against processed/ (read back with DuckDB), over the partitions this stack wrote
   * processed objects to or compacted: every processed record exactly once.
   */
  reconcileCurated(): Promise<CuratedReconciliation>;
  /** Stops the event sources after draining what is in flight, then the emulators. */
  stop(): Promise<void>;
}

/** The emulators and the compiled stacks, started and read at once; the emulators stopped if the stacks fail. */
async function startEmulatorsAndStacks(options: LocalPipelineOptions, stage: string) {
  const [emulators, stacks] = await Promise.allSettled([
    // In a thread of their own: the emulators' side of every request on one core, this
    // thread's (the SDK clients, the handlers, the producer) on the other.
    startEmulatorsInThreads({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      // The stream and the ledger start empty each run; the lake (S3) is kept on disk.
      inMemory: true,
    }),
    loadPipelineStacks({
      rootDir: options.rootDir,
      stage,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
    }),
  ]);
  if (stacks.status === 'rejected') {
    if (emulators.status === 'fulfilled') await emulators.value.stop();
    throw stacks.reason;
  }
  if (emulators.status === 'rejected') throw emulators.reason;
  return { emulators: emulators.value, stacks: stacks.value };
}

function lakeTracker(emulators: Emulators, stack: StackFile): LakeTracker {
  return createLakeTracker({
    readObject: (bucket, key) => emulators.readS3Object(bucket, key),
    subscribe: (listener) => emulators.onS3Event(listener),
    watch: [
      { bucket: stack.rawBucket, prefixes: [{ prefix: 'quarantine/', kind: 'quarantined' }] },
      {
        bucket: stack.processedBucket,
        prefixes: [
          { prefix: 'processed/', kind: 'processed' },
          { prefix: 'quarantine/', kind: 'quarantined' },
        ],
      },
    ],
  });
}

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const stage = options.stage ?? 'dev';
  const logLevel = options.logLevel ?? 'WARN';
  // EMF metrics would go to stdout on every invocation; there is no CloudWatch to read them.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const { emulators, stacks } = await startEmulatorsAndStacks(options, stage);
  const stops: Array<() => Promise<void> | void> = [() => emulators.stop()];
  try {
    const clients = {
      kinesis: new KinesisClient(emulators.clientConfig('kinesis')),
      s3: new S3Client(emulators.clientConfig('s3')),
      dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
      sqs: new SQSClient(emulators.clientConfig('sqs')),
    };
    const local = await createLocalStack(emulators, clients, stacks, stage);
    const { stack } = local;
    const accounting = createRunAccounting();
    const destination = (url: string | undefined) =>
      url === undefined ? {} : { onFailure: sqsDestination(clients.sqs, url) };

    const tracker = lakeTracker(emulators, stack);
    stops.unshift(() => tracker.stop());
    const sortedLatencies = sortedView(tracker.latenciesMs);
    const compaction = startCompactSchedule({
      emulators,
      trigger: local.compact,
      logLevel,
      ...(options.compactEverySeconds === undefined ? {} : { everySeconds: options.compactEverySeconds }),
      decorateClients: (handlerClients) => options.decorateClients?.('compact', handlerClients),
    });
    stops.unshift(() => compaction.stop());
    const transform = startTransformSource({
      emulators,
      s3: clients.s3,
      trigger: local.transform,
      ...destination(local.dlq.transform),
      logLevel,
      accounting,
      ...(options.wrapTransform ? { wrap: options.wrapTransform } : {}),
      decorateClients: (handlerClients) => options.decorateClients?.('transform', handlerClients),
      ...(options.asyncRetryDelayMs ? { retryDelayMs: options.asyncRetryDelayMs } : {}),
      concurrency: options.transformConcurrency ?? 8,
    });
    stops.unshift(() => transform.stop());
    const mappingSettings = { ...local.ingest.settings, ...options.mapping };
    const mapping = await startIngestSource({
      emulators,
      kinesis: clients.kinesis,
      trigger: local.ingest,
      settings: mappingSettings,
      ...destination(local.dlq.ingest),
      logLevel,
      accounting,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      ...(options.wrapIngest ? { wrap: options.wrapIngest } : {}),
      decorateClients: (handlerClients) => options.decorateClients?.('ingest', handlerClients),
    });
    stops.unshift(() => mapping.stop());

    const quiet = () =>
      mapping.idle() &&
      transform.invoker.pending() === 0 &&
      tracker.pending() === 0 &&
      accounting.pendingReads() === 0;
    return {
      stack,
      notes: [...local.notes, compactionNote(local.compact.scheduleExpression, compaction)],
      emulators,
      clients,
      mappingSettings,
      tracker,
      recordProduced: (records) => accounting.recordProduced(records),
      status: () => pipelineStatus(accounting, tracker, sortedLatencies, compaction),
      settle: (timeoutMs = 120_000) =>
        settle(
          {
            accounted: () => accounting.accounted(tracker.landings),
            quiet,
            checkpointedAll: () => accounting.checkpointedAll(mapping.checkpoints()),
          },
          timeoutMs,
        ),
      reconcile: () => accounting.reconcile(tracker.landings),
      compaction: {
        timings: compaction.timings,
        functionName: local.compact.fn.name,
        scheduleExpression: local.compact.scheduleExpression,
      },
      compact: (request) => compaction.run(request),
      reconcileCurated: () =>
        auditCurated({
          s3: clients.s3,
          bucket: stack.processedBucket,
          partitions: [
            ...processedPartitions(tracker, stack.processedBucket),
            ...compaction.partitions().keys(),
          ],
        }),
      async stop() {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }
}

function pipelineStatus(
  accounting: RunAccounting,
  tracker: LakeTracker,
  latencies: () => readonly number[],
  compaction: CompactSchedule,
): PipelineStatus {
  const { processed, quarantined } = tracker.counts();
  return {
    ...accounting.counters(),
    produced: accounting.produced(),
    processed,
    quarantined,
    latencyP50Ms: percentile(latencies(), 50),
    latencyP99Ms: percentile(latencies(), 99),
    curated: compaction.counters(),
  };
}

/** The partitions of the processed objects the tracker saw land (`s3://<bucket>/processed/<partition>/<file>`). */
function processedPartitions(tracker: LakeTracker, bucket: string): Set<string> {
  const prefix = `s3://${bucket}/processed/`;
  const partitions = new Set<string>();
  for (const { kind, object } of tracker.landings.values()) {
    if (kind !== 'processed' || !object.startsWith(prefix)) continue;
    const partition = object.slice(prefix.length, object.lastIndexOf('/'));
    if (isPartitionPath(partition)) partitions.add(partition);
  }
  return partitions;
}

function compactionNote(scheduleExpression: string, compaction: CompactSchedule): string {
  const { timings } = compaction;
  return timings === undefined
    ? `compact: its schedule ${scheduleExpression} is not run locally; the compactor runs when asked`
    : `compact: its schedule ${scheduleExpression} runs every ${timings.everySeconds} s locally, partitions quiet for ${timings.settleSeconds.toFixed(1)} s`;
}
