/**
 * Stream replay: every shard's records from a point in time (AT_TIMESTAMP) to the tip are
 * processed again into the raw bucket, idempotently (see replay-plan.ts): the ledger's batches
 * are rewritten under their own object names, records no written object holds are processed
 * by the ingest handler in deterministic groups. Replaying twice writes the same objects with
 * the same bytes: nothing is added the second time. The transformer follows by itself, through
 * the raw bucket's notifications, as for any raw object written.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRawLake, type PlannedObject, planBatch } from '@event-pipeline/ingest';
import { type LogLevel, type ShardRecord, toLambdaEvent } from '@event-pipeline/local';
import { settleAll } from '@event-pipeline/runtime';
import { parseQuarantineLine, parseRawLine } from '@event-pipeline/schema';
import { ingestBatchesSince } from './ledger-batches.js';
import { type PipelineFunctions, pipelineFunctions, withAttempts } from './pipeline-functions.js';
import { type ObjectPlanner, planReplay, type ReplayObject } from './replay-plan.js';
import { listShardIds, readShard } from './stream-reader.js';
import type { RecoveryTarget } from './target.js';

/** Ledger items are stamped by the function's clock, arrivals by Kinesis': allow for skew between them. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_CONCURRENCY = 8;

export interface ShardReplay {
  shardId: string;
  /** Records at or after the starting point. */
  records: number;
  firstSequenceNumber?: string;
  /** Ledger batches whose objects were written again. */
  batches: number;
  objects: number;
  /** New batches of records no written object held, and their records. */
  groups: number;
  groupRecords: number;
  failures: string[];
  notes: string[];
}

export interface ReplaySummary {
  from: string;
  dryRun: boolean;
  shards: ShardReplay[];
  records: number;
  objects: number;
  groups: number;
  groupRecords: number;
  failures: number;
}

export type ReplayProgress =
  | { kind: 'read'; shardId: string; records: number; firstSequenceNumber?: string }
  | { kind: 'planned'; shardId: string; batches: number; objects: number; groups: number; notes: string[] }
  | { kind: 'written'; shardId: string; objects: number; of: number }
  | {
      kind: 'group';
      shardId: string;
      index: number;
      of: number;
      records: number;
      ok: boolean;
      reason?: string;
    };

export interface ReplayOptions {
  target: RecoveryTarget;
  from: Date;
  /** Reads and plans, writes nothing. */
  dryRun?: boolean;
  /** Objects written at once. */
  concurrency?: number;
  attempts?: number;
  functions?: PipelineFunctions;
  /** The default handlers' Powertools log level. */
  logLevel?: LogLevel;
  onProgress?: (progress: ReplayProgress) => void;
}

/** The sequence numbers of the records an object holds: every line the ingest writes carries its position. */
function lineSequenceNumbers({ kind, body }: PlannedObject): string[] {
  const parse = kind === 'raw' ? parseRawLine : parseQuarantineLine;
  return body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parse(line);
      if (!parsed.ok || !('kinesis_metadata' in parsed.line))
        throw new Error(`not an ingest ${kind} line: ${line}`);
      return parsed.line.kinesis_metadata.sequence_number;
    });
}

/** The ingest code's own plan of a run of records, from the event Lambda would hand it. */
export function ingestObjectPlanner(target: RecoveryTarget): ObjectPlanner {
  const stream = { streamArn: target.stream.arn, region: target.region, roleArn: target.identityArn };
  return (records) =>
    planBatch(toLambdaEvent(records, stream).Records).objects.map(
      (object): ReplayObject => ({
        key: object.key,
        body: object.body,
        sequenceNumbers: lineSequenceNumbers(object),
      }),
    );
}

export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const { target, from, dryRun = false, onProgress } = options;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { kinesis, s3, dynamodb } = target.clients;
  const ledger = DynamoDBDocumentClient.from(dynamodb);
  const rawLake = createRawLake(s3, target.rawBucket);
  const planObjects = ingestObjectPlanner(target);
  const functions = options.functions ?? (dryRun ? undefined : pipelineFunctions(target, options.logLevel));
  const streamName = target.stream.name;
  const summary: ReplaySummary = {
    from: from.toISOString(),
    dryRun,
    shards: [],
    records: 0,
    objects: 0,
    groups: 0,
    groupRecords: 0,
    failures: 0,
  };

  for (const shardId of await listShardIds(kinesis, streamName)) {
    const shard: ShardReplay = {
      shardId,
      records: 0,
      batches: 0,
      objects: 0,
      groups: 0,
      groupRecords: 0,
      failures: [],
      notes: [],
    };
    summary.shards.push(shard);
    const fromTime = await readShard(kinesis, {
      streamName,
      shardId,
      from: { atTimestamp: from },
      settings: target.reader,
    });
    const first = fromTime[0];
    shard.records = fromTime.length;
    if (first !== undefined) shard.firstSequenceNumber = first.sequenceNumber;
    onProgress?.({
      kind: 'read',
      shardId,
      records: fromTime.length,
      firstSequenceNumber: first?.sequenceNumber,
    });
    if (first === undefined) continue;

    const fromSequence = BigInt(first.sequenceNumber);
    const { batches: recorded, unreadable } = await ingestBatchesSince(ledger, {
      table: target.ledger.table,
      shardIndex: target.ledger.shardIndex,
      shardId,
      since: new Date(from.getTime() - CLOCK_SKEW_MS),
    });
    if (unreadable > 0) shard.notes.push(`${unreadable} ledger items of another shape were ignored`);
    const batches = recorded.filter((batch) => BigInt(batch.lastSequenceNumber) >= fromSequence);
    // A batch that began before the starting point is replayed whole, or its names would change.
    const earliest = batches.reduce(
      (min, batch) => (BigInt(batch.firstSequenceNumber) < min ? BigInt(batch.firstSequenceNumber) : min),
      fromSequence,
    );
    let records: ShardRecord[] = fromTime;
    if (earliest < fromSequence) {
      const before = await readShard(kinesis, {
        streamName,
        shardId,
        from: { atSequenceNumber: earliest.toString() },
        stopBefore: (sequence) => sequence >= fromSequence,
        settings: target.reader,
      });
      records = [...before, ...fromTime];
    }

    const plan = planReplay({
      shardId,
      records,
      fromSequenceNumber: first.sequenceNumber,
      batches,
      planObjects,
      groupSize: target.ingestBatchSize,
    });
    const objects = plan.rewrites.flatMap((rewrite) => rewrite.objects);
    shard.batches = plan.rewrites.length;
    shard.groups = plan.groups.length;
    shard.groupRecords = plan.groups.reduce((sum, group) => sum + group.length, 0);
    shard.notes.push(...plan.notes);
    onProgress?.({
      kind: 'planned',
      shardId,
      batches: plan.rewrites.length,
      objects: objects.length,
      groups: plan.groups.length,
      notes: plan.notes,
    });
    if (dryRun) {
      shard.objects = objects.length;
      continue;
    }

    let written = 0;
    const results = await settleAll(objects, concurrency, async (object) => {
      const outcome = await withAttempts(attempts, async () => {
        try {
          await rawLake.put(object.key, object.body);
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: (error as Error).message };
        }
      });
      if (!outcome.ok) throw new Error(`${object.key}: ${outcome.reason}`);
      written++;
      if (written % 50 === 0 || written === objects.length)
        onProgress?.({ kind: 'written', shardId, objects: written, of: objects.length });
    });
    for (const result of results)
      if (result.status === 'rejected') shard.failures.push((result.reason as Error).message);
    shard.objects = written;

    // In stream order, one at a time, as the mapping hands a shard's batches to the function.
    for (const [index, group] of plan.groups.entries()) {
      const outcome = await withAttempts(attempts, () => functions!.ingest(group));
      if (!outcome.ok)
        shard.failures.push(
          `records ${group[0]!.sequenceNumber}..${group[group.length - 1]!.sequenceNumber}: ${outcome.reason}`,
        );
      onProgress?.({
        kind: 'group',
        shardId,
        index: index + 1,
        of: plan.groups.length,
        records: group.length,
        ok: outcome.ok,
        ...(outcome.ok ? {} : { reason: outcome.reason }),
      });
    }
  }

  for (const shard of summary.shards) {
    summary.records += shard.records;
    summary.objects += shard.objects;
    summary.groups += shard.groups;
    summary.groupRecords += shard.groupRecords;
    summary.failures += shard.failures.length;
  }
  return summary;
}
