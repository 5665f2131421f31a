/**
 * Stream replay: every shard's records from a point in time (AT_TIMESTAMP) to the tip are
 * processed again into the raw bucket, idempotently (see replay-plan.ts): the ledger's batches
 * are rewritten under their own object names, records no written object holds are processed
 * by the ingest handler in deterministic groups. Replaying twice writes the same objects with
 * the same bytes: nothing is added the second time. The transformer follows by itself, through
 * the raw bucket's notifications, as for any raw object written.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LogLevel, StackTarget } from '@event-pipeline/cli';
import { createRawLake, type PlannedObject, planBatch } from '@event-pipeline/ingest';
import { type ShardRecord, toLambdaEvent } from '@event-pipeline/local';
import { settleAll } from '@event-pipeline/runtime';
import { parseQuarantineLine, parseRawLine } from '@event-pipeline/schema';
import { ingestBatchesSince, type LedgerBatch } from './ledger-batches.js';
import { type PipelineFunctions, pipelineFunctions, withAttempts } from './pipeline-functions.js';
import { type ObjectPlanner, planReplay, type ReplayObject } from './replay-plan.js';
import { listShardIds, readShard } from './stream-reader.js';

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
  target: StackTarget;
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
export function ingestObjectPlanner(target: StackTarget): ObjectPlanner {
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

/** What replaying a shard takes: the target, the run's settings, and what writes and plans. */
interface ReplayRun {
  target: StackTarget;
  from: Date;
  dryRun: boolean;
  attempts: number;
  concurrency: number;
  ledger: DynamoDBDocumentClient;
  rawLake: ReturnType<typeof createRawLake>;
  planObjects: ObjectPlanner;
  /** The handlers new batches go through; none on a dry run. */
  functions: PipelineFunctions | undefined;
  onProgress: ((progress: ReplayProgress) => void) | undefined;
}

/** The shard's ledger batches that reach the starting point (`fromSequence`). */
async function recordedBatches(
  run: ReplayRun,
  shard: ShardReplay,
  fromSequence: bigint,
): Promise<LedgerBatch[]> {
  const { batches, unreadable } = await ingestBatchesSince(run.ledger, {
    table: run.target.ledger.table,
    shardIndex: run.target.ledger.shardIndex,
    shardId: shard.shardId,
    since: new Date(run.from.getTime() - CLOCK_SKEW_MS),
  });
  if (unreadable > 0) shard.notes.push(`${unreadable} ledger items of another shape were ignored`);
  return batches.filter((batch) => BigInt(batch.lastSequenceNumber) >= fromSequence);
}

/**
 * The records from the starting point, after those of any batch that began before it: such a
 * batch is replayed whole, or its names would change.
 */
async function withEarlierRecords(
  run: ReplayRun,
  shardId: string,
  fromTime: ShardRecord[],
  batches: readonly LedgerBatch[],
): Promise<ShardRecord[]> {
  const fromSequence = BigInt(fromTime[0]!.sequenceNumber);
  const earliest = batches.reduce(
    (min, batch) => (BigInt(batch.firstSequenceNumber) < min ? BigInt(batch.firstSequenceNumber) : min),
    fromSequence,
  );
  if (earliest >= fromSequence) return fromTime;
  const before = await readShard(run.target.clients.kinesis, {
    streamName: run.target.stream.name,
    shardId,
    from: { atSequenceNumber: earliest.toString() },
    stopBefore: (sequence) => sequence >= fromSequence,
    settings: run.target.reader,
  });
  return [...before, ...fromTime];
}

/** Writes the objects of the ledger's batches again; one that cannot be written is a failure of the shard. */
async function rewriteObjects(run: ReplayRun, shard: ShardReplay, objects: readonly ReplayObject[]) {
  let written = 0;
  const results = await settleAll(objects, run.concurrency, async (object) => {
    const outcome = await withAttempts(run.attempts, async () => {
      try {
        await run.rawLake.put(object.key, object.body);
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    });
    if (!outcome.ok) throw new Error(`${object.key}: ${outcome.reason}`);
    written++;
    if (written % 50 === 0 || written === objects.length)
      run.onProgress?.({ kind: 'written', shardId: shard.shardId, objects: written, of: objects.length });
  });
  for (const result of results)
    if (result.status === 'rejected') shard.failures.push((result.reason as Error).message);
  shard.objects = written;
}

/** The new batches, in stream order and one at a time, as the mapping hands a shard's batches to the function. */
async function processGroups(run: ReplayRun, shard: ShardReplay, groups: readonly ShardRecord[][]) {
  for (const [index, group] of groups.entries()) {
    const outcome = await withAttempts(run.attempts, () => run.functions!.ingest(group));
    if (!outcome.ok)
      shard.failures.push(
        `records ${group[0]!.sequenceNumber}..${group[group.length - 1]!.sequenceNumber}: ${outcome.reason}`,
      );
    run.onProgress?.({
      kind: 'group',
      shardId: shard.shardId,
      index: index + 1,
      of: groups.length,
      records: group.length,
      ok: outcome.ok,
      ...(outcome.ok ? {} : { reason: outcome.reason }),
    });
  }
}

/** One shard: its records from the starting point read, the replay planned, then written and processed. */
async function replayShard(run: ReplayRun, shardId: string): Promise<ShardReplay> {
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
  const fromTime = await readShard(run.target.clients.kinesis, {
    streamName: run.target.stream.name,
    shardId,
    from: { atTimestamp: run.from },
    settings: run.target.reader,
  });
  const first = fromTime[0];
  shard.records = fromTime.length;
  if (first !== undefined) shard.firstSequenceNumber = first.sequenceNumber;
  run.onProgress?.({
    kind: 'read',
    shardId,
    records: fromTime.length,
    firstSequenceNumber: first?.sequenceNumber,
  });
  if (first === undefined) return shard;

  const batches = await recordedBatches(run, shard, BigInt(first.sequenceNumber));
  const plan = planReplay({
    shardId,
    records: await withEarlierRecords(run, shardId, fromTime, batches),
    fromSequenceNumber: first.sequenceNumber,
    batches,
    planObjects: run.planObjects,
    groupSize: run.target.ingestBatchSize,
  });
  const objects = plan.rewrites.flatMap((rewrite) => rewrite.objects);
  shard.batches = plan.rewrites.length;
  shard.groups = plan.groups.length;
  shard.groupRecords = plan.groups.reduce((sum, group) => sum + group.length, 0);
  shard.notes.push(...plan.notes);
  run.onProgress?.({
    kind: 'planned',
    shardId,
    batches: plan.rewrites.length,
    objects: objects.length,
    groups: plan.groups.length,
    notes: plan.notes,
  });
  if (run.dryRun) {
    shard.objects = objects.length;
    return shard;
  }
  await rewriteObjects(run, shard, objects);
  await processGroups(run, shard, plan.groups);
  return shard;
}

export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const { target, from, dryRun = false } = options;
  const run: ReplayRun = {
    target,
    from,
    dryRun,
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ledger: DynamoDBDocumentClient.from(target.clients.dynamodb),
    rawLake: createRawLake(target.clients.s3, target.rawBucket),
    planObjects: ingestObjectPlanner(target),
    functions: options.functions ?? (dryRun ? undefined : pipelineFunctions(target, options.logLevel)),
    onProgress: options.onProgress,
  };
  const shards: ShardReplay[] = [];
  for (const shardId of await listShardIds(target.clients.kinesis, target.stream.name))
    shards.push(await replayShard(run, shardId));
  const total = (count: (shard: ShardReplay) => number) =>
    shards.reduce((sum, shard) => sum + count(shard), 0);
  return {
    from: from.toISOString(),
    dryRun,
    shards,
    records: total((shard) => shard.records),
    objects: total((shard) => shard.objects),
    groups: total((shard) => shard.groups),
    groupRecords: total((shard) => shard.groupRecords),
    failures: total((shard) => shard.failures.length),
  };
}
