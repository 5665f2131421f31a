/**
 * Deterministic faults for the local pipeline, at the two levels its hooks offer:
 * - SDK level (`decorateClients`): a client middleware in the `initialize` step, ahead of the
 *   SDK's own retries, fails a share of S3 writes (SlowDown 503) and throttles a share of
 *   DynamoDB writes (ProvisionedThroughputExceededException). A failed call is thus one the
 *   SDK has given up on, which is what the handlers must survive.
 * - handler level (`wrapIngest`/`wrapTransform`): the ingest function crashes outright once
 *   every N invocations (half of the crashes after it has written everything, as a timeout
 *   would, half before it does anything), and the transformer fails the first attempt of a
 *   share of the objects.
 * - faults that last as long as the incident, so that both dead-letter queues are used whatever
 *   the timing: a share of the records crash the ingest function every time they are in its
 *   batch (a bug that a fix ends: bisection isolates each and its retries run out), and every
 *   N-th raw object fails every transform attempt (its retries run out).
 * Every decision is a hash of the seed and what the call is about (the object key and how many
 * times that key was written before, the ledger item's batch id, the record's partition key,
 * ...) or a count of calls, never of timing, so the same seed makes the same decisions for the
 * same calls.
 */
import { createHash } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import type { HandlerClients, LambdaHandler } from '@event-pipeline/local';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, S3Event } from 'aws-lambda';

export interface FaultPlan {
  seed: number;
  /** Share of S3 writes that fail: PutObject and the multipart upload's three calls, each counted. */
  s3WriteFailureRate: number;
  /** Share of DynamoDB writes that are throttled. */
  dynamoWriteThrottleRate: number;
  /** The ingest function crashes on every N-th invocation. */
  ingestCrashEvery: number;
  /** Share of raw objects whose first transform attempt fails. */
  transformFirstAttemptFailureRate: number;
  /**
   * Share of the records (picked by partition key) that crash the ingest function, before it
   * writes anything, in every batch they are part of until the incident is over.
   */
  ingestFatalRecordRate: number;
  /** Every N-th raw object fails every transform attempt until the incident is over. */
  transformOutageEvery: number;
}

/**
 * Issue 8's faults, plus the two that outlast the event sources' retries: at 3,000 events they
 * send a few records to the ingest DLQ and a few objects to the transform DLQ on every run,
 * where the transient faults alone may send none.
 */
export const ISSUE_FAULTS: Omit<FaultPlan, 'seed'> = {
  s3WriteFailureRate: 0.1,
  dynamoWriteThrottleRate: 0.1,
  ingestCrashEvery: 20,
  transformFirstAttemptFailureRate: 0.1,
  ingestFatalRecordRate: 0.001,
  transformOutageEvery: 50,
};

/** Every S3 call that stores an object (lib-storage's Upload makes the last three for large bodies). */
export const S3_WRITE_COMMANDS = [
  'PutObjectCommand',
  'CreateMultipartUploadCommand',
  'UploadPartCommand',
  'CompleteMultipartUploadCommand',
] as const;

export const DYNAMODB_WRITE_COMMANDS = [
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
] as const;

export interface CallCount {
  calls: number;
  failed: number;
}

export interface FaultCounts {
  /** By command name. */
  s3Writes: Record<string, CallCount>;
  dynamoWrites: Record<string, CallCount>;
  ingestInvocations: number;
  ingestCrashes: { beforeWork: number; afterWork: number };
  /** The stream positions (`<shard id>:<sequence number>`) of the records in crashes before any write. */
  crashedBeforeWork: string[];
  /** The fatal records met (positions, each once), and the invocations they crashed. */
  ingestFatal: { records: string[]; crashes: number };
  transformFirstAttempts: number;
  transformFirstAttemptFailures: number;
  /** The objects under outage (keys as the S3 event carries them), and the attempts that failed on them. */
  transformOutages: { objects: string[]; failures: number };
}

export interface FaultInjector {
  decorateClients(fn: 'ingest' | 'transform' | 'compact', clients: HandlerClients): void;
  wrapIngest(
    handler: LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>,
  ): LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;
  wrapTransform(handler: LambdaHandler<S3Event, unknown>): LambdaHandler<S3Event, unknown>;
  counts(): FaultCounts;
  /** The incident is over: from now on every call goes through. */
  stop(): void;
}

/** A number in [0, 1) from the seed and the parts, the same every time. */
export function chance(seed: number, ...parts: Array<string | number>): number {
  const digest = createHash('sha256')
    .update(`${seed}|${parts.join('|')}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

const total = (counts: Record<string, CallCount>, field: keyof CallCount) =>
  Object.values(counts).reduce((sum, count) => sum + count[field], 0);

export const failedS3Writes = (counts: FaultCounts) => total(counts.s3Writes, 'failed');
export const throttledDynamoWrites = (counts: FaultCounts) => total(counts.dynamoWrites, 'failed');
export const s3WriteCalls = (counts: FaultCounts) => total(counts.s3Writes, 'calls');
export const dynamoWriteCalls = (counts: FaultCounts) => total(counts.dynamoWrites, 'calls');

/**
 * What a write is about, stable across runs: the object (and part), or the batch id of the
 * ledger item put or updated (a partition's pending mark is an update of its item).
 */
function subjectOf(input: Record<string, unknown>): string {
  if (typeof input.Key === 'string')
    return `${String(input.Bucket)}/${input.Key}${input.PartNumber === undefined ? '' : `#${input.PartNumber}`}`;
  const item = (input.Item ?? input.Key) as Record<string, unknown> | undefined;
  // The document client marshals before or after this middleware: read the id either way.
  const batchId = item?.batch_id as string | { S?: string } | undefined;
  return `${String(input.TableName)}/${typeof batchId === 'string' ? batchId : (batchId?.S ?? JSON.stringify(item ?? input))}`;
}

export function createFaultInjector(plan: FaultPlan): FaultInjector {
  let active = true;
  const counts: FaultCounts = {
    s3Writes: {},
    dynamoWrites: {},
    ingestInvocations: 0,
    ingestCrashes: { beforeWork: 0, afterWork: 0 },
    crashedBeforeWork: [],
    ingestFatal: { records: [], crashes: 0 },
    transformFirstAttempts: 0,
    transformFirstAttemptFailures: 0,
    transformOutages: { objects: [], failures: 0 },
  };
  /** How many times each subject was written: a retry of the same write gets a decision of its own. */
  const attempts = new Map<string, number>();
  const attempted = new WeakSet<S3Event>();
  const underOutage = new WeakSet<S3Event>();
  const fatalSeen = new Set<string>();

  /** The positions of the event's fatal records (usually none). */
  function fatalRecordsOf(event: KinesisStreamEvent): string[] {
    return event.Records.filter(
      (record) => chance(plan.seed, 'fatal', record.kinesis.partitionKey) < plan.ingestFatalRecordRate,
    ).map((record) => record.eventID);
  }

  function decide(service: 's3' | 'dynamodb', command: string, input: Record<string, unknown>): boolean {
    const subject = `${command}|${subjectOf(input)}`;
    const n = attempts.get(subject) ?? 0;
    attempts.set(subject, n + 1);
    const rate = service === 's3' ? plan.s3WriteFailureRate : plan.dynamoWriteThrottleRate;
    return chance(plan.seed, service, subject, n) < rate;
  }

  function injectInto(
    client: HandlerClients['s3'] | HandlerClients['dynamodb'],
    service: 's3' | 'dynamodb',
    fn: string,
  ) {
    const commands: readonly string[] = service === 's3' ? S3_WRITE_COMMANDS : DYNAMODB_WRITE_COMMANDS;
    const tally = service === 's3' ? counts.s3Writes : counts.dynamoWrites;
    (client.middlewareStack as HandlerClients['s3']['middlewareStack']).add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        if (!active || !commands.includes(command)) return next(args);
        const count = tally[command] ?? { calls: 0, failed: 0 };
        tally[command] = count;
        count.calls++;
        if (!decide(service, command, args.input as Record<string, unknown>)) return next(args);
        count.failed++;
        const message = `injected fault in ${fn}: ${command}`;
        if (service === 's3')
          throw new S3ServiceException({
            name: 'SlowDown',
            $fault: 'server',
            $metadata: { httpStatusCode: 503, attempts: 1 },
            message: `Please reduce your request rate. (${message})`,
          });
        throw new ProvisionedThroughputExceededException({
          $metadata: { httpStatusCode: 400, attempts: 1 },
          message: `The level of configured provisioned throughput for the table was exceeded. (${message})`,
        });
      },
      { step: 'initialize', name: `injectFaults-${service}`, priority: 'high' },
    );
  }

  return {
    decorateClients(fn, clients) {
      injectInto(clients.s3, 's3', fn);
      injectInto(clients.dynamodb, 'dynamodb', fn);
    },
    wrapIngest(handler) {
      return async (event, context) => {
        if (!active) return handler(event, context);
        const n = ++counts.ingestInvocations;
        const fatal = fatalRecordsOf(event);
        const crashFatal = (): never => {
          counts.ingestFatal.crashes++;
          for (const position of fatal) fatalSeen.add(position);
          throw new Error(`injected crash on a fatal record of ingest invocation ${n}: ${fatal.join(', ')}`);
        };
        if (n % plan.ingestCrashEvery === 0) {
          const crash = new Error(`injected crash of ingest invocation ${n}`);
          // Alternately: dies after writing everything (as a timeout would), or before doing anything.
          if ((n / plan.ingestCrashEvery) % 2 === 0) {
            counts.ingestCrashes.beforeWork++;
            counts.crashedBeforeWork.push(...event.Records.map((record) => record.eventID));
            throw crash;
          }
          // A fatal record stops the work before any write: there is nothing to crash after.
          if (fatal.length > 0) crashFatal();
          await handler(event, context);
          counts.ingestCrashes.afterWork++;
          throw crash;
        }
        if (fatal.length > 0) crashFatal();
        return handler(event, context);
      };
    },
    wrapTransform(handler) {
      return async (event, context) => {
        if (!active) return handler(event, context);
        const key = event.Records.map((record) => record.s3.object.key).join(',');
        if (underOutage.has(event)) {
          counts.transformOutages.failures++;
          throw new Error(`injected outage: transform attempt on ${key} failed again`);
        }
        // Retries are made with the same event object: anything else is a first attempt.
        if (attempted.has(event)) return handler(event, context);
        attempted.add(event);
        const n = ++counts.transformFirstAttempts;
        if (n % plan.transformOutageEvery === 0) {
          underOutage.add(event);
          counts.transformOutages.objects.push(key);
          counts.transformOutages.failures++;
          throw new Error(`injected outage: every transform attempt on ${key} fails`);
        }
        if (chance(plan.seed, 'transform', key) >= plan.transformFirstAttemptFailureRate)
          return handler(event, context);
        counts.transformFirstAttemptFailures++;
        throw new Error(`injected failure of the first transform attempt on ${key}`);
      };
    },
    counts: () =>
      structuredClone({ ...counts, ingestFatal: { ...counts.ingestFatal, records: [...fatalSeen] } }),
    stop() {
      active = false;
    },
  };
}
