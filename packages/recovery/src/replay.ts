/**
 * Stream replay: every shard's records from a point in time (AT_TIMESTAMP) to the tip are
 * processed again into the raw bucket, idempotently (see replay-plan.ts): the ledger's batches
 * are rewritten under their own object names, records no written object holds are processed
 * by the ingest handler in deterministic groups. Replaying twice writes the same objects with
 * the same bytes: nothing is added the second time. The transformer follows by itself, through
 * the raw bucket's notifications, as for any raw object written.
 *
 * In bounded memory, whatever the span: a shard is read a page at a time (stream-reader.ts), each
 * record goes through the planner as it is read, and what the planner completes is written before
 * more is read (at most `concurrency` objects in flight). What is held at once is one page, the
 * ledger batches still open and their objects, and one group; the ledger's batch list (a few
 * hundred bytes a batch) is read whole.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StackTarget } from '@event-pipeline/cli';
import { createRawLake, type PlannedObject, planBatch } from '@event-pipeline/ingest';
import { toLambdaEvent } from '@event-pipeline/local';
import type { LogLevel } from '@event-pipeline/runtime';
import { parseQuarantineLine, parseRawLine } from '@event-pipeline/schema';
import { ingestBatchesSince, type LedgerBatch } from './ledger-batches.js';
import { type PipelineFunctions, pipelineFunctions, withAttempts } from './pipeline-functions.js';
import {
  createReplayPlanner,
  type ObjectPlanner,
  type ReplayObject,
  type ReplayPlanner,
  type ReplayStep,
} from './replay-plan.js';
import { listShardIds, streamShard } from './stream-reader.js';

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

/** Records read between two `progress` reports of a shard. */
const PROGRESS_EVERY_RECORDS = 5_000;

export type ReplayProgress =
  /** The shard's first record at or after the starting point, if it has one. */
  | { kind: 'started'; shardId: string; firstSequenceNumber?: string; ledgerBatches: number }
  | { kind: 'note'; shardId: string; note: string }
  | { kind: 'group'; shardId: string; index: number; records: number; ok: boolean; reason?: string }
  /** The shard so far, every few thousand records. */
  | { kind: 'progress'; shard: ShardReplay }
  | { kind: 'done'; shard: ShardReplay };

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
    .toString('utf8')
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
  /** When the replay began: records that arrived later are the live pipeline's, not read. */
  startedAt: Date;
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

function addNote(run: ReplayRun, shard: ShardReplay, note: string): void {
  shard.notes.push(note);
  run.onProgress?.({ kind: 'note', shardId: shard.shardId, note });
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
  if (unreadable > 0) addNote(run, shard, `${unreadable} ledger items of another shape were ignored`);
  return batches.filter((batch) => BigInt(batch.lastSequenceNumber) >= fromSequence);
}

/**
 * Objects written at most `concurrency` at once: `write` returns once the object is under way,
 * waiting for a free place first, so that reading goes on only as fast as writing. An object that
 * cannot be written is a failure of the shard.
 */
function objectWriter(run: ReplayRun, shard: ShardReplay) {
  const inFlight = new Set<Promise<void>>();
  const put = async (object: ReplayObject) => {
    const outcome = await withAttempts(run.attempts, async () => {
      try {
        await run.rawLake.put(object.key, object.body);
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    });
    if (outcome.ok) shard.objects++;
    else shard.failures.push(`${object.key}: ${outcome.reason}`);
  };
  return {
    async write(object: ReplayObject): Promise<void> {
      while (inFlight.size >= run.concurrency) await Promise.race(inFlight);
      const writing: Promise<void> = put(object).finally(() => inFlight.delete(writing));
      inFlight.add(writing);
    },
    drain: async () => {
      await Promise.all(inFlight);
    },
  };
}

/**
 * Does what the planner said, in its order: a rewrite's objects are written (counted on a dry
 * run); a group goes through the ingest handler, one at a time in stream order, as the mapping
 * hands a shard's batches to the function.
 */
function stepRunner(run: ReplayRun, shard: ShardReplay, writer: ReturnType<typeof objectWriter>) {
  return async (steps: readonly ReplayStep[]): Promise<void> => {
    for (const step of steps) {
      if (step.kind === 'note') addNote(run, shard, step.note);
      else if (step.kind === 'rewrite') {
        shard.batches++;
        if (run.dryRun) shard.objects += step.rewrite.objects.length;
        else for (const object of step.rewrite.objects) await writer.write(object);
      } else {
        const group = step.records;
        shard.groups++;
        shard.groupRecords += group.length;
        if (run.dryRun) continue;
        const outcome = await withAttempts(run.attempts, () => run.functions!.ingest(group));
        if (!outcome.ok)
          shard.failures.push(
            `records ${group[0]!.sequenceNumber}..${group[group.length - 1]!.sequenceNumber}: ${outcome.reason}`,
          );
        run.onProgress?.({
          kind: 'group',
          shardId: shard.shardId,
          index: shard.groups,
          records: group.length,
          ok: outcome.ok,
          ...(outcome.ok ? {} : { reason: outcome.reason }),
        });
      }
    }
  };
}

/**
 * One shard, streamed: its first record at or after the starting point found, the ledger batches
 * reaching it read, then the records of any batch that began earlier and the records from the
 * starting point to the tip, each through the planner as it is read.
 */
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
  const { kinesis } = run.target.clients;
  const stream = { streamName: run.target.stream.name, shardId, settings: run.target.reader };
  const fromTime = streamShard(kinesis, {
    ...stream,
    from: { atTimestamp: run.from },
    arrivedBy: run.startedAt,
  });
  try {
    const first = await fromTime.next();
    if (first.done) {
      run.onProgress?.({ kind: 'started', shardId, ledgerBatches: 0 });
      run.onProgress?.({ kind: 'done', shard });
      return shard;
    }
    const fromSequence = first.value.sequenceNumber;
    shard.firstSequenceNumber = fromSequence;
    const batches = await recordedBatches(run, shard, BigInt(fromSequence));
    run.onProgress?.({
      kind: 'started',
      shardId,
      firstSequenceNumber: fromSequence,
      ledgerBatches: batches.length,
    });
    const planner: ReplayPlanner = createReplayPlanner({
      shardId,
      fromSequenceNumber: fromSequence,
      batches,
      planObjects: run.planObjects,
      groupSize: run.target.ingestBatchSize,
    });
    const writer = objectWriter(run, shard);
    const apply = stepRunner(run, shard, writer);
    try {
      // A batch that began before the starting point is replayed whole, or its names would change.
      if (planner.firstNeededSequenceNumber !== fromSequence)
        for await (const record of streamShard(kinesis, {
          ...stream,
          from: { atSequenceNumber: planner.firstNeededSequenceNumber },
          stopBefore: (sequence) => sequence >= BigInt(fromSequence),
        }))
          await apply(planner.push(record));
      shard.records = 1;
      await apply(planner.push(first.value));
      for await (const record of fromTime) {
        shard.records++;
        await apply(planner.push(record));
        if (shard.records % PROGRESS_EVERY_RECORDS === 0) run.onProgress?.({ kind: 'progress', shard });
      }
      await apply(planner.end());
    } finally {
      await writer.drain();
    }
    run.onProgress?.({ kind: 'done', shard });
    return shard;
  } finally {
    await fromTime.return();
  }
}

export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const { target, from, dryRun = false } = options;
  const run: ReplayRun = {
    target,
    from,
    startedAt: new Date(),
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
