/**
 * Reads every fact of a status from the stack the sources describe, all parts at once. A part
 * that fails is recorded as `{ error }` and the others are still read.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  CloudWatchFacts,
  DeadLetterQueue,
  QuarantineFacts,
  QueueFacts,
  ReadError,
  ShardFacts,
  StatusFacts,
} from './facts.js';
import { type LedgerBatch, newestBatch, quarantinedSince, unrecordedFrom } from './ledger-batches.js';
import { alarmsInAlarm, iteratorAge } from './readers/cloudwatch.js';
import { type LedgerIndex, pendingPartitions, shardBatches } from './readers/ledger.js';
import { quarantineObjects } from './readers/quarantine.js';
import { findQueue, queueDepth } from './readers/queues.js';
import { listShards, type OldestUnrecorded, oldestUnrecorded, type ShardSummary } from './readers/stream.js';

/** A queue known by URL, or by name only (it may not exist). */
export type QueueSource = { queue: DeadLetterQueue } & ({ url: string } | { name: string });

export interface StatusSources {
  target: StatusFacts['target'];
  clients: {
    kinesis: KinesisClient;
    dynamodb: DynamoDBDocumentClient;
    s3: S3Client;
    sqs: SQSClient;
    /** Absent on the local stack (no CloudWatch emulator). */
    cloudWatch?: CloudWatchClient;
  };
  stream: string;
  ledger: LedgerIndex;
  buckets: { raw: string; processed: string };
  deadLetterQueues: readonly QueueSource[];
  /** The stage's alarms are named `<prefix><what>`. */
  alarmNamePrefix: string;
  ingestFunctionName: string;
  iteratorAgeThresholdMs: number;
  /** Pause between two GetRecords calls of one shard. */
  getRecordsIntervalMs: number;
}

const HOUR_MS = 3_600_000;
/** How far back the IteratorAge datapoints are looked for. */
const ITERATOR_AGE_WINDOW_MINUTES = 10;

const messageOf = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

async function attempt<T>(read: () => Promise<T>): Promise<T | ReadError> {
  try {
    return await read();
  } catch (error) {
    return { error: messageOf(error) };
  }
}

interface ShardReading {
  summary: ShardSummary;
  batches: LedgerBatch[];
  oldest: OldestUnrecorded | undefined;
}

async function readShards(sources: StatusSources, since: Date): Promise<ShardReading[]> {
  const { kinesis, dynamodb } = sources.clients;
  const shards = await listShards(kinesis, sources.stream);
  return Promise.all(
    shards.map(async (summary) => {
      const batches = await shardBatches(dynamodb, sources.ledger, summary.shardId, since);
      const from = unrecordedFrom(batches);
      const oldest = await oldestUnrecorded(
        kinesis,
        sources.stream,
        summary.shardId,
        from,
        sources.getRecordsIntervalMs,
      );
      return { summary, batches, oldest };
    }),
  );
}

function shardFacts({ summary, batches, oldest }: ShardReading, now: Date): ShardFacts {
  const last = newestBatch(batches);
  const facts: ShardFacts = { shardId: summary.shardId, closed: summary.closed, behindMs: 0 };
  if (last !== undefined)
    facts.lastBatch = {
      batchId: last.batchId,
      processedAt: last.processedAt,
      ageMs: now.getTime() - Date.parse(last.processedAt),
      records: last.totalRecords,
      lastSequenceNumber: last.lastSequenceNumber,
    };
  if (oldest !== undefined && 'sequenceNumber' in oldest) {
    facts.oldestUnrecorded = {
      sequenceNumber: oldest.sequenceNumber,
      arrivedAt: oldest.arrivedAt.toISOString(),
    };
    facts.behindMs = Math.max(0, now.getTime() - oldest.arrivedAt.getTime());
  } else if (oldest !== undefined) {
    facts.behindMs = oldest.millisBehindLatest;
  }
  return facts;
}

async function queueFacts(sqs: SQSClient, source: QueueSource): Promise<QueueFacts> {
  const { queue } = source;
  const address = 'url' in source ? source.url : source.name;
  try {
    const url = 'url' in source ? source.url : await findQueue(sqs, source.name);
    if (url === undefined) return { queue, address, absent: `this stack has no queue ${address}` };
    return { queue, address: url, depth: await queueDepth(sqs, url) };
  } catch (error) {
    return { queue, address, error: messageOf(error) };
  }
}

async function quarantinedObjects(sources: StatusSources, since: Date, now: Date) {
  const { s3 } = sources.clients;
  const [raw, processed] = await Promise.all([
    quarantineObjects(s3, sources.buckets.raw, since, now),
    quarantineObjects(s3, sources.buckets.processed, since, now),
  ]);
  return [
    ...[...raw].map(([reason, objects]) => ({ bucket: 'raw' as const, reason, objects })),
    ...[...processed].map(([reason, objects]) => ({ bucket: 'processed' as const, reason, objects })),
  ];
}

async function cloudWatchFacts(sources: StatusSources, now: Date): Promise<CloudWatchFacts> {
  const { cloudWatch } = sources.clients;
  if (cloudWatch === undefined)
    return {
      available: false,
      reason:
        'the local stack has no CloudWatch emulator: alarms and iterator age are read on a deployed stage',
    };
  const [alarms, age] = await Promise.all([
    attempt(() => alarmsInAlarm(cloudWatch, sources.alarmNamePrefix)),
    attempt(() => iteratorAge(cloudWatch, sources.ingestFunctionName, now, ITERATOR_AGE_WINDOW_MINUTES)),
  ]);
  return { available: true, alarmsInAlarm: alarms, iteratorAge: age };
}

export async function gatherStatus(sources: StatusSources, now: Date = new Date()): Promise<StatusFacts> {
  const since = new Date(now.getTime() - HOUR_MS);
  const [shards, queues, objects, pending, cloudWatch] = await Promise.all([
    attempt(() => readShards(sources, since)),
    Promise.all(sources.deadLetterQueues.map((source) => queueFacts(sources.clients.sqs, source))),
    attempt(() => quarantinedObjects(sources, since, now)),
    attempt(() => pendingPartitions(sources.clients.dynamodb, sources.ledger.table, now)),
    cloudWatchFacts(sources, now),
  ]);
  const quarantine: QuarantineFacts = {
    since: since.toISOString(),
    ingestLedger:
      'error' in shards
        ? shards
        : quarantinedSince(
            shards.flatMap((shard) => shard.batches),
            since,
          ),
    objects,
  };
  return {
    target: sources.target,
    readAt: now.toISOString(),
    iteratorAgeThresholdMs: sources.iteratorAgeThresholdMs,
    stream: {
      name: sources.stream,
      shards: 'error' in shards ? shards : shards.map((shard) => shardFacts(shard, now)),
    },
    deadLetterQueues: queues,
    quarantine,
    pendingPartitions: pending,
    cloudWatch,
  };
}
