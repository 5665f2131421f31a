/**
 * The whole pipeline in this process (design.md §7): the emulators, the stack created from
 * the same CloudFormation fragments the cloud uses, the real ingest and transform handlers,
 * the Kinesis event source mapping and the S3 notification emulated with the cloud's
 * semantics, and a tracker of what lands in the lake to reconcile a run against.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { parseRawLine } from '@event-pipeline/schema';
import { decodeS3Key } from '@event-pipeline/transform';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, S3Event } from 'aws-lambda';
import {
  type KinesisMapping,
  type KinesisMappingSettings,
  startKinesisMapping,
} from '../kinesis/event-source-mapping.js';
import type { ShardRecord } from '../kinesis/lambda-event.js';
import { type AsyncInvoker, createAsyncInvoker } from '../lambda/async-invoke.js';
import { type Destination, sqsDestination } from '../lambda/destination.js';
import { type LambdaHandler, localFunction } from '../lambda/function.js';
import type { ProducedRecord } from '../producer/producer.js';
import { percentile } from '../producer/producer.js';
import { startS3Notifications } from '../s3/notifications.js';
import { createStack } from '../stack/create.js';
import { planStack } from '../stack/plan.js';
import { type FunctionDefinition, loadFunctionDefinition } from '../stack/service-functions.js';
import type { StackFile } from '../stack/stack-file.js';
import { loadStackTemplate } from '../stack/template.js';
import { expectationOf } from './expectation.js';
import {
  type HandlerClients,
  handlerClients,
  ingestHandler,
  type LogLevel,
  transformHandler,
} from './handlers.js';
import { createLakeTracker, type LakeTracker } from './lake-tracker.js';
import { positionKey, type Reconciliation, reconcile } from './reconcile.js';
import { bucketTrigger, streamTrigger } from './triggers.js';

/** The account id the local stack answers for `AWS::AccountId` (kinesalite's too). */
export const LOCAL_ACCOUNT_ID = '000000000000';

type IngestHandler = LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;
type TransformHandler = LambdaHandler<S3Event, unknown>;

export interface LocalPipelineOptions {
  /** The repository root: serverless.yml, resources/, config/, services/. */
  rootDir: string;
  /** Whose parameters (config/stages.yml) shape the local stack. */
  stage?: string;
  /** Where s3rver keeps the lake; a temporary directory (removed on stop) when omitted. */
  dataDir?: string;
  logLevel?: LogLevel;
  /** Overrides of the ingest mapping's settings from services/ingest/serverless.yml. */
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
  decorateClients?: (fn: 'ingest' | 'transform', clients: HandlerClients) => void;
}

export interface PipelineCounters {
  ingestInvocations: number;
  ingestErrors: number;
  /** Records the ingest function completed (checkpointed). */
  ingested: number;
  transformInvocations: number;
  transformErrors: number;
  /** Records whose ingest batch went to the ingest DLQ. */
  ingestDeadLettered: number;
  /** Events (raw objects) that went to the transform DLQ. */
  transformDeadLettered: number;
}

export interface PipelineStatus extends PipelineCounters {
  produced: number;
  processed: number;
  quarantined: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface LocalPipeline {
  stack: StackFile;
  /** Lines about the stack (skipped resources, reused ones). */
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
  /** Stops the event sources after draining what is in flight, then the emulators. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function queueUrlFor(
  arn: string | undefined,
  queues: Record<string, string>,
  what: string,
): string | undefined {
  if (arn === undefined) return undefined;
  const name = arn.split(':').pop()!;
  const url = Object.values(queues).find((candidate) => candidate.endsWith(`/${name}`));
  if (url === undefined) throw new Error(`${what}: no local queue for ${arn}`);
  return url;
}

function exportNamed(exports: Record<string, unknown>, suffix: string): string {
  const found = Object.entries(exports).filter(([name]) => name.endsWith(`-${suffix}`));
  if (found.length !== 1)
    throw new Error(`the stack must export exactly one *-${suffix}, found ${found.length}`);
  return String(found[0]![1]);
}

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const stage = options.stage ?? 'dev';
  const logLevel = options.logLevel ?? 'WARN';
  // EMF metrics would go to stdout on every invocation; there is no CloudWatch to read them.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const emulators = await startEmulators({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    // The stream and the ledger start empty each run; the lake (S3) is kept on disk.
    inMemory: true,
  });
  const stops: Array<() => Promise<void> | void> = [() => emulators.stop()];
  try {
    const region = emulators.region;
    const clients = {
      kinesis: new KinesisClient(emulators.clientConfig('kinesis')),
      s3: new S3Client(emulators.clientConfig('s3')),
      dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
      sqs: new SQSClient(emulators.clientConfig('sqs')),
    };
    const source = { rootDir: options.rootDir, stage, region, accountId: LOCAL_ACCOUNT_ID };
    const plan = planStack(loadStackTemplate(source), { region, accountId: LOCAL_ACCOUNT_ID });
    const created = await createStack(plan, clients);
    const exports = plan.exports(created.queueUrls);

    const functionSource = (service: string, functionName: string): FunctionDefinition =>
      loadFunctionDefinition({
        ...source,
        serviceDir: `${options.rootDir}/services/${service}`,
        functionName,
        exports,
      });
    const ingestFn = functionSource('ingest', 'processor');
    const transformFn = functionSource('transform', 'transformer');
    const stream = streamTrigger(ingestFn);
    const bucket = bucketTrigger(transformFn);
    const streamName = stream.streamArn.split('/').pop()!;
    const ingestDlq = queueUrlFor(
      stream.onFailureArn,
      created.queueUrls,
      'the ingest on-failure destination',
    );
    const transformDlq = queueUrlFor(
      bucket.onFailureArn,
      created.queueUrls,
      'the transform on-failure destination',
    );

    const stack: StackFile = {
      region,
      credentials: { ...emulators.credentials },
      endpoints: {
        kinesis: emulators.endpoints.kinesis!,
        s3: emulators.endpoints.s3!,
        dynamodb: emulators.endpoints.dynamodb!,
        sqs: emulators.endpoints.sqs!,
      },
      stream: streamName,
      rawBucket: bucket.bucket,
      processedBucket: exportNamed(exports, 'ProcessedBucketName'),
      table: exportNamed(exports, 'LedgerTableName'),
      dlq: { ingest: ingestDlq ?? '', transform: transformDlq ?? '' },
      stage,
    };

    const counters: PipelineCounters = {
      ingestInvocations: 0,
      ingestErrors: 0,
      ingested: 0,
      transformInvocations: 0,
      transformErrors: 0,
      ingestDeadLettered: 0,
      transformDeadLettered: 0,
    };
    const produced: ProducedRecord[] = [];
    const lastProduced = new Map<string, bigint>();
    const deadLettered = new Set<string>();
    /** Every record the mapping handled, whoever produced it (e.g. `npm run produce` into --keep-alive). */
    const fromStream = new Map<string, ShardRecord>();
    let dlqReads = 0;

    const tracker = createLakeTracker({
      s3: clients.s3,
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
    stops.unshift(() => tracker.stop());

    const destination = (url: string | undefined): Destination | undefined =>
      url === undefined ? undefined : sqsDestination(clients.sqs, url);

    // The transformer: asynchronous invocations from the raw bucket's notifications.
    const transformClients = handlerClients(emulators);
    options.decorateClients?.('transform', transformClients);
    const realTransform = transformHandler(transformFn.environment, transformClients, logLevel);
    const transform: AsyncInvoker<S3Event> = createAsyncInvoker({
      fn: localFunction(
        transformFn,
        region,
        LOCAL_ACCOUNT_ID,
        options.wrapTransform ? options.wrapTransform(realTransform) : realTransform,
      ),
      maximumRetryAttempts: bucket.maximumRetryAttempts,
      ...(options.asyncRetryDelayMs ? { retryDelayMs: options.asyncRetryDelayMs } : {}),
      concurrency: options.transformConcurrency ?? 8,
      ...(transformDlq === undefined ? {} : { onFailure: destination(transformDlq)! }),
      observer: {
        onSuccess: () => counters.transformInvocations++,
        onFailure: () => {
          counters.transformInvocations++;
          counters.transformErrors++;
        },
        onDeadLetter: (event) => {
          counters.transformDeadLettered++;
          // The records of a dead-lettered raw object: read it to name them.
          for (const record of (event as S3Event).Records) {
            dlqReads++;
            const key = decodeS3Key(record.s3.object.key);
            clients.s3
              .send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }))
              .then((object) => object.Body!.transformToString())
              .then((text) => {
                for (const line of text.split('\n').filter((candidate) => candidate !== '')) {
                  const parsed = parseRawLine(line);
                  if (!parsed.ok) continue;
                  const { shard_id: shardId, sequence_number: sequenceNumber } = parsed.line.kinesis_metadata;
                  deadLettered.add(positionKey({ shardId, sequenceNumber }));
                }
              })
              .catch(() => undefined)
              .finally(() => dlqReads--);
          }
        },
      },
    });
    stops.unshift(() => transform.drain());
    const stopNotifications = startS3Notifications({
      subscribe: (listener) => emulators.onS3Event(listener),
      bucket: bucket.bucket,
      filter: bucket.filter,
      region,
      invoker: transform,
    });
    stops.unshift(stopNotifications);

    // The ingest function behind the stream's event source mapping.
    const ingestClients = handlerClients(emulators);
    options.decorateClients?.('ingest', ingestClients);
    const realIngest = ingestHandler(ingestFn.environment, ingestClients, logLevel);
    const mappingSettings = { ...stream.settings, ...options.mapping };
    const mapping: KinesisMapping = await startKinesisMapping({
      kinesis: clients.kinesis,
      stream: {
        name: streamName,
        streamArn: stream.streamArn,
        region,
        roleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${ingestFn.name}-role`,
      },
      fn: localFunction(
        ingestFn,
        region,
        LOCAL_ACCOUNT_ID,
        options.wrapIngest ? options.wrapIngest(realIngest) : realIngest,
      ),
      settings: mappingSettings,
      ...(ingestDlq === undefined ? {} : { onFailure: destination(ingestDlq)! }),
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      observer: {
        onInvoke: ({ outcome }) => {
          counters.ingestInvocations++;
          if (outcome.kind !== 'success') counters.ingestErrors++;
        },
        onCheckpoint: (_shard, records) => {
          counters.ingested += records.length;
          for (const record of records) fromStream.set(positionKey(record), record);
        },
        onDiscard: (records) => {
          counters.ingestDeadLettered += records.length;
          for (const record of records) {
            deadLettered.add(positionKey(record));
            fromStream.set(positionKey(record), record);
          }
        },
      },
    });
    stops.unshift(() => mapping.stop());

    const status = (): PipelineStatus => {
      const latencies = [...tracker.latenciesMs].sort((a, b) => a - b);
      const { processed, quarantined } = tracker.counts();
      return {
        ...counters,
        produced: produced.length,
        processed,
        quarantined,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: percentile(latencies, 99),
      };
    };

    const accounted = () =>
      produced.every(
        (record) => tracker.landings.has(record.recordId) || deadLettered.has(positionKey(record)),
      );
    const caughtUp = () => {
      const checkpoints = mapping.checkpoints();
      for (const [shardId, last] of lastProduced) {
        const checkpoint = checkpoints.get(shardId);
        if (checkpoint === undefined || BigInt(checkpoint) < last) return false;
      }
      return mapping.idle() && transform.pending() === 0 && tracker.pending() === 0 && dlqReads === 0;
    };

    const notes = [...plan.notes, ...created.notes];
    if (stream.parallelizationFactor > 1)
      notes.push(
        `ingest: parallelizationFactor ${stream.parallelizationFactor} runs as 1 locally (one batch per shard at a time)`,
      );
    return {
      stack,
      notes,
      emulators,
      clients,
      mappingSettings,
      tracker,
      recordProduced(records) {
        for (const record of records) {
          produced.push(record);
          const sequence = BigInt(record.sequenceNumber);
          if (sequence > (lastProduced.get(record.shardId) ?? -1n))
            lastProduced.set(record.shardId, sequence);
        }
      },
      status,
      async settle(timeoutMs = 120_000) {
        const deadline = Date.now() + timeoutMs;
        let quietSince: number | undefined;
        while (Date.now() < deadline) {
          const quiet =
            mapping.idle() && transform.pending() === 0 && tracker.pending() === 0 && dlqReads === 0;
          if (accounted() && quiet) return;
          if (caughtUp()) {
            quietSince ??= Date.now();
            // Caught up and quiet: a notification or a read still in its last instant gets a moment.
            if (Date.now() - quietSince > 1_000) return;
          } else quietSince = undefined;
          await sleep(50);
        }
      },
      reconcile() {
        // This run's producer knows what it sent; the others' records are judged as read from the stream.
        const known = new Set(produced.map(positionKey));
        const others = [...fromStream.entries()]
          .filter(([position]) => !known.has(position))
          .map(([, record]) => expectationOf(record));
        return reconcile([...produced, ...others], tracker.landings, deadLettered);
      },
      async stop() {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }
}
