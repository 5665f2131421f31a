/**
 * What replaying one shard from a point in time writes. Pure.
 *
 * Raw object names come from the shard and the sequence numbers of the records in them, so
 * a batch reproduces its objects only when replayed with exactly its original range. Hence:
 * - every ledger batch reaching the replayed span is planned again over its recorded range,
 *   and of its objects, exactly those the ledger says were written are written again (same
 *   names: overwrites, never copies);
 * - records at or after the starting point that no written object holds (a batch that went
 *   to the DLQ, or whose ledger item is gone) are processed as new batches: each maximal run
 *   of such records, cut into groups of the mapping's batch size from its first record. Those
 *   batches get ledger items of their own, so a later replay rewrites them under the same names.
 *
 * The planner takes the shard's records one at a time, in order, and says what to do as soon as
 * it is known (a batch's rewrite once its last record is read, a group once it is full or its run
 * ends): it holds only the records of the ledger batches still open and of the group being
 * filled, never the shard's, so a replay runs in memory bounded by its batches, not by its span.
 */
import type { ShardRecord } from '@event-pipeline/local';
import type { LedgerBatch } from './ledger-batches.js';

/** An object as the ingest code plans it, with the sequence numbers of the records it holds. */
export interface ReplayObject {
  key: string;
  body: Uint8Array;
  sequenceNumbers: readonly string[];
}

/** Plans a contiguous run of one shard's records into objects, as the ingest handler would. */
export type ObjectPlanner = (records: readonly ShardRecord[]) => ReplayObject[];

export interface BatchRewrite {
  batchId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  objects: ReplayObject[];
}

/** What to do next, in the order the planner says it. */
export type ReplayStep =
  | { kind: 'rewrite'; rewrite: BatchRewrite }
  /** Records no written object holds, as a new batch. */
  | { kind: 'group'; records: ShardRecord[] }
  /** A ledger batch that could not be reproduced, and why. */
  | { kind: 'note'; note: string };

interface PlannerInput {
  shardId: string;
  /** The first record at or after the replay's starting point. */
  fromSequenceNumber: string;
  batches: readonly LedgerBatch[];
  planObjects: ObjectPlanner;
  groupSize: number;
}

export interface ReplayPlanner {
  /**
   * The shard's next record, in sequence order, starting with the first record of any batch
   * planned again (see firstNeededSequenceNumber); returns the steps it completes.
   */
  push(record: ShardRecord): ReplayStep[];
  /** The shard has no more records: the steps left. */
  end(): ReplayStep[];
  /** Where reading must start: the first record of the earliest batch, if before the starting point. */
  readonly firstNeededSequenceNumber: string;
}

interface MergedBatch {
  batchId: string;
  first: bigint;
  last: bigint;
  totalRecords: number;
  objects: Set<string>;
}

/** A merged batch being read: its records so far, then (resolved) what to do with them. */
interface OpenBatch {
  batch: MergedBatch;
  records: ShardRecord[];
  resolved: boolean;
  steps: ReplayStep[];
}

/** Batches of the same range are attempts of one batch: the objects each attempt wrote, together. */
function mergeAttempts(batches: readonly LedgerBatch[]): MergedBatch[] {
  const byRange = new Map<string, MergedBatch>();
  for (const batch of batches) {
    const range = `${batch.firstSequenceNumber}..${batch.lastSequenceNumber}`;
    const merged = byRange.get(range);
    if (merged === undefined)
      byRange.set(range, {
        batchId: batch.batchId,
        first: BigInt(batch.firstSequenceNumber),
        last: BigInt(batch.lastSequenceNumber),
        totalRecords: batch.totalRecords,
        objects: new Set(batch.objects),
      });
    else for (const key of batch.objects) merged.objects.add(key);
  }
  return [...byRange.values()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
}

export function createReplayPlanner(input: PlannerInput): ReplayPlanner {
  const { planObjects, groupSize } = input;
  if (!(Number.isInteger(groupSize) && groupSize >= 1))
    throw new RangeError(`groupSize must be an integer >= 1, got ${groupSize}`);
  const from = BigInt(input.fromSequenceNumber);
  const pending = mergeAttempts(input.batches).filter((batch) => batch.last >= from);
  let nextPending = 0;
  /** Opened batches in order of their first record; a resolved one leaves from the front. */
  const open: OpenBatch[] = [];
  /** Sequence numbers (from the starting point) that a rewritten object holds, until their record is decided. */
  const covered = new Set<string>();
  /** Records from the starting point whose fate waits on an open batch, in order. */
  const undecided: ShardRecord[] = [];
  /** The run of uncovered records being cut into groups. */
  let run: ShardRecord[] = [];

  const notReproduced = (entry: OpenBatch, why: string) => {
    entry.steps.push({
      kind: 'note',
      note: `batch ${entry.batch.batchId}: ${why}: its records are processed again as new batches`,
    });
  };

  /** A whole batch's records read: its rewrite, or a note saying why its records are new batches. */
  function resolve(entry: OpenBatch): void {
    const { batch, records } = entry;
    entry.resolved = true;
    entry.records = [];
    if (records.length !== batch.totalRecords) {
      notReproduced(
        entry,
        `the ledger counts ${batch.totalRecords} records, the stream holds ${records.length} of them (expired?)`,
      );
      return;
    }
    const planned = new Map(planObjects(records).map((object) => [object.key, object]));
    const unknown = [...batch.objects].filter((key) => !planned.has(key));
    if (unknown.length > 0) {
      notReproduced(entry, `the ingest code no longer plans ${unknown.join(', ')}`);
      return;
    }
    const objects = [...planned.values()].filter((object) => batch.objects.has(object.key));
    for (const object of objects)
      for (const sequence of object.sequenceNumbers) if (BigInt(sequence) >= from) covered.add(sequence);
    if (objects.length > 0)
      entry.steps.push({
        kind: 'rewrite',
        rewrite: {
          batchId: batch.batchId,
          firstSequenceNumber: batch.first.toString(),
          lastSequenceNumber: batch.last.toString(),
          objects,
        },
      });
  }

  function closeRun(steps: ReplayStep[]): void {
    if (run.length > 0) steps.push({ kind: 'group', records: run });
    run = [];
  }

  /**
   * The steps now known: resolved batches from the front, in order of their first record (as
   * they were always planned), then the records no open batch can still cover.
   */
  function settle(steps: ReplayStep[]): void {
    while (open[0]?.resolved) steps.push(...open.shift()!.steps);
    const horizon = open[0]?.batch.first;
    while (
      undecided.length > 0 &&
      (horizon === undefined || BigInt(undecided[0]!.sequenceNumber) < horizon)
    ) {
      const record = undecided.shift()!;
      if (covered.delete(record.sequenceNumber)) closeRun(steps);
      else {
        run.push(record);
        if (run.length === groupSize) closeRun(steps);
      }
    }
  }

  return {
    firstNeededSequenceNumber: (pending.length > 0 && pending[0]!.first < from
      ? pending[0]!.first
      : from
    ).toString(),
    push(record) {
      const sequence = BigInt(record.sequenceNumber);
      const steps: ReplayStep[] = [];
      for (const entry of open) if (!entry.resolved && entry.batch.last < sequence) resolve(entry);
      while (nextPending < pending.length && pending[nextPending]!.first <= sequence) {
        const batch = pending[nextPending++]!;
        const entry: OpenBatch = { batch, records: [], resolved: false, steps: [] };
        open.push(entry);
        if (batch.last < sequence) resolve(entry);
      }
      for (const entry of open) {
        if (entry.resolved) continue;
        if (entry.records.length < entry.batch.totalRecords) entry.records.push(record);
        else {
          // More records in its range than the ledger says it had: settled at once, so that its
          // range holds no records back, however long it is.
          entry.resolved = true;
          entry.records = [];
          notReproduced(
            entry,
            `the ledger counts ${entry.batch.totalRecords} records, the stream holds more in its range`,
          );
        }
      }
      if (sequence >= from) undecided.push(record);
      settle(steps);
      return steps;
    },
    end() {
      const steps: ReplayStep[] = [];
      while (nextPending < pending.length)
        open.push({ batch: pending[nextPending++]!, records: [], resolved: false, steps: [] });
      for (const entry of open) if (!entry.resolved) resolve(entry);
      settle(steps);
      closeRun(steps);
      return steps;
    },
  };
}

interface ReplayPlan {
  shardId: string;
  rewrites: BatchRewrite[];
  /** Records no written object holds, in new batches. */
  groups: ShardRecord[][];
  /** Ledger batches that could not be reproduced, and why. */
  notes: string[];
}

export interface ReplayInput extends PlannerInput {
  /** The shard's records in sequence order, from the first record of any batch planned again. */
  records: readonly ShardRecord[];
}

/** The whole plan of records already in memory: the planner's steps, collected. */
export function planReplay(input: ReplayInput): ReplayPlan {
  const planner = createReplayPlanner(input);
  const steps = [...input.records.flatMap((record) => planner.push(record)), ...planner.end()];
  const plan: ReplayPlan = { shardId: input.shardId, rewrites: [], groups: [], notes: [] };
  for (const step of steps) {
    if (step.kind === 'rewrite') plan.rewrites.push(step.rewrite);
    else if (step.kind === 'group') plan.groups.push(step.records);
    else plan.notes.push(step.note);
  }
  return plan;
}
