/**
 * What replaying one shard from a point in time writes, decided before any write. Pure.
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
 */
import type { ShardRecord } from '@event-pipeline/local';
import type { LedgerBatch } from './ledger-batches.js';

/** An object as the ingest code plans it, with the sequence numbers of the records it holds. */
export interface ReplayObject {
  key: string;
  body: string;
  sequenceNumbers: readonly string[];
}

/** Plans a contiguous run of one shard's records into objects, as the ingest handler would. */
export type ObjectPlanner = (records: readonly ShardRecord[]) => ReplayObject[];

interface BatchRewrite {
  batchId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  objects: ReplayObject[];
}

interface ReplayPlan {
  shardId: string;
  rewrites: BatchRewrite[];
  /** Records no written object holds, in new batches. */
  groups: ShardRecord[][];
  /** Ledger batches that could not be reproduced, and why. */
  notes: string[];
}

export interface ReplayInput {
  shardId: string;
  /** The shard's records in sequence order, from the first record of any batch planned again. */
  records: readonly ShardRecord[];
  /** The first record at or after the replay's starting point. */
  fromSequenceNumber: string;
  batches: readonly LedgerBatch[];
  planObjects: ObjectPlanner;
  groupSize: number;
}

interface MergedBatch {
  batchId: string;
  first: bigint;
  last: bigint;
  totalRecords: number;
  objects: Set<string>;
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

export function planReplay(input: ReplayInput): ReplayPlan {
  const { shardId, records, planObjects, groupSize } = input;
  if (!(Number.isInteger(groupSize) && groupSize >= 1))
    throw new RangeError(`groupSize must be an integer >= 1, got ${groupSize}`);
  const from = BigInt(input.fromSequenceNumber);
  const sequences = records.map((record) => BigInt(record.sequenceNumber));
  const plan: ReplayPlan = { shardId, rewrites: [], groups: [], notes: [] };
  const covered = new Set<string>();

  for (const batch of mergeAttempts(input.batches)) {
    if (batch.last < from) continue;
    const inRange = records.filter((_, i) => sequences[i]! >= batch.first && sequences[i]! <= batch.last);
    if (inRange.length !== batch.totalRecords) {
      plan.notes.push(
        `batch ${batch.batchId}: the ledger counts ${batch.totalRecords} records, the stream holds ${inRange.length} ` +
          'of them (expired?): its records are processed again as new batches',
      );
      continue;
    }
    const planned = new Map(planObjects(inRange).map((object) => [object.key, object]));
    const unknown = [...batch.objects].filter((key) => !planned.has(key));
    if (unknown.length > 0) {
      plan.notes.push(
        `batch ${batch.batchId}: the ingest code no longer plans ${unknown.join(', ')}: ` +
          'its records are processed again as new batches',
      );
      continue;
    }
    const objects = [...planned.values()].filter((object) => batch.objects.has(object.key));
    for (const object of objects) for (const sequence of object.sequenceNumbers) covered.add(sequence);
    if (objects.length > 0)
      plan.rewrites.push({
        batchId: batch.batchId,
        firstSequenceNumber: batch.first.toString(),
        lastSequenceNumber: batch.last.toString(),
        objects,
      });
  }

  // Maximal runs of records from the starting point that no written object holds, cut into groups.
  let run: ShardRecord[] = [];
  const closeRun = () => {
    for (let i = 0; i < run.length; i += groupSize) plan.groups.push(run.slice(i, i + groupSize));
    run = [];
  };
  records.forEach((record, i) => {
    if (sequences[i]! < from) return;
    if (covered.has(record.sequenceNumber)) closeRun();
    else run.push(record);
  });
  closeRun();
  return plan;
}
