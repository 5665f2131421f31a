/**
 * Which partitions a run looks at (docs/architecture.md §8): the ones a manual run names,
 * pending or not; else the pending ones that have been quiet for the settle time, or with
 * `all` every pending one, however recent its last processed object.
 */
import { isPartitionPath } from '@event-pipeline/schema';
import type { PartitionLedger } from './adapters/partition-ledger.js';

/** What a run is asked to compact; empty: the schedule's choice. */
export interface RunRequest {
  /** These partitions, now, whether pending or not (`event_type=<t>/year=YYYY/month=MM/day=DD/hour=HH`). */
  partitions?: readonly string[];
  /** Every pending partition, ignoring the settle time. */
  all?: boolean;
}

export interface Candidates {
  partitions: string[];
  /** Whether a partition not pending is taken anyway (a manual run names it). */
  evenIfNotPending: boolean;
}

/** Later than any processed object's time: `all` takes every pending partition. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

export async function candidatePartitions(
  deps: { ledger: PartitionLedger; settleSeconds: number; maxPartitions: number; clock: () => Date },
  request: RunRequest = {},
): Promise<Candidates> {
  if (request.partitions !== undefined) {
    const bad = request.partitions.filter((partition) => !isPartitionPath(partition));
    if (bad.length > 0) throw new RangeError(`not partition paths: ${bad.join(', ')}`);
    return { partitions: [...new Set(request.partitions)], evenIfNotPending: true };
  }
  const cutoff = request.all ? END_OF_TIME : new Date(deps.clock().getTime() - deps.settleSeconds * 1000);
  const pending = await deps.ledger.pending(cutoff, deps.maxPartitions);
  return { partitions: pending.map((p) => p.partition), evenIfNotPending: false };
}
