/**
 * One run (docs/architecture.md §8): the partitions candidates.ts picks (on the schedule, the
 * pending ones quiet for the settle time), each leased, compacted, recorded in the ledger and
 * then marked compacted, one at a time (a partition can use most of the function's memory).
 * A failed partition is released and stays pending for the next run; so does every partition
 * the run has no time left for. Crash anywhere: the lease lapses, the partition is still
 * pending, and the next run writes the same object again.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricsSink } from '@event-pipeline/runtime';
import type { Lease, PartitionLedger } from './adapters/partition-ledger.js';
import { candidatePartitions, type RunRequest } from './candidates.js';
import { compactPartition, type PartitionDeps, type PartitionOutcome } from './compact-partition.js';
import { compactLedgerItem } from './ledger-item.js';
import { publishPartitionMetrics, publishRunMetrics } from './metrics.js';

export interface RunDeps {
  partitionDeps: PartitionDeps;
  ledger: PartitionLedger;
  settleSeconds: number;
  maxPartitions: number;
  leaseSeconds: number;
  reserveSeconds: number;
  /** Who holds the leases of this run (the invocation's request id). */
  owner: string;
  clock: () => Date;
  /** Milliseconds left in the invocation. */
  remainingMs: () => number;
  logger: Pick<Logger, 'info' | 'error'>;
  metrics: MetricsSink;
  /** Told of each step as it happens (a command line's progress). */
  observer?: RunObserver;
}

/** Progress of a run, partition by partition. */
export interface RunObserver {
  /** The partitions the run will try, in order. */
  planned?(partitions: readonly string[]): void;
  /** A partition leased and being compacted (index counts from 0 in the planned list). */
  started?(partition: string, index: number): void;
  compacted?(result: CompactedPartition): void;
  skipped?(partition: string): void;
  failed?(partition: string, error: Error): void;
}

export interface CompactedPartition {
  partition: string;
  rows: number;
  duplicates_dropped: number;
  conflicts: number;
  quarantined: number;
  source_objects: number;
  bytes_in: number;
  bytes_out: number;
  output_key: string;
  /** False when new processed objects arrived meanwhile: it stays pending. */
  completed: boolean;
}

export interface RunSummary {
  compacted: CompactedPartition[];
  /** Pending but held by another run (or changed just before the lease). */
  skipped: string[];
  /** Left pending for lack of time. */
  deferred: string[];
  failed: Array<{ partition: string; error: string }>;
}

export class RunFailedError extends Error {
  override name = 'RunFailedError';
  constructor(readonly summary: RunSummary) {
    super(
      `${summary.failed.length} partition(s) failed and stay pending: ${summary.failed
        .map((f) => `${f.partition}: ${f.error}`)
        .join('; ')}`,
    );
  }
}

async function compactLeased(deps: RunDeps, lease: Lease): Promise<CompactedPartition> {
  const startedAt = deps.clock();
  const outcome: PartitionOutcome = await compactPartition(deps.partitionDeps, lease.partition);
  const finishedAt = deps.clock();
  await deps.ledger.putCompaction(
    compactLedgerItem({ ...outcome, version: lease.version, startedAt, finishedAt }),
  );
  const completed = await deps.ledger.complete(lease, { at: finishedAt, curatedKey: outcome.outputKey });
  publishPartitionMetrics(deps.metrics, outcome, finishedAt.getTime() - startedAt.getTime());
  return {
    partition: outcome.partition,
    rows: outcome.rows,
    duplicates_dropped: outcome.duplicates,
    conflicts: outcome.conflicts,
    quarantined: outcome.quarantined,
    source_objects: outcome.sourceKeys.length,
    bytes_in: outcome.sourceBytes,
    bytes_out: outcome.outputBytes,
    output_key: outcome.outputKey,
    completed,
  };
}

export async function runCompaction(deps: RunDeps, request: RunRequest = {}): Promise<RunSummary> {
  const summary: RunSummary = { compacted: [], skipped: [], deferred: [], failed: [] };
  const { partitions, evenIfNotPending } = await candidatePartitions(deps, request);
  const { observer } = deps;
  observer?.planned?.(partitions);
  for (const [i, partition] of partitions.entries()) {
    if (deps.remainingMs() < deps.reserveSeconds * 1000) {
      summary.deferred.push(...partitions.slice(i));
      break;
    }
    const now = deps.clock();
    const lease = await deps.ledger.lease(
      partition,
      deps.owner,
      now,
      new Date(now.getTime() + deps.leaseSeconds * 1000),
      { evenIfNotPending },
    );
    if (lease === undefined) {
      summary.skipped.push(partition);
      observer?.skipped?.(partition);
      continue;
    }
    observer?.started?.(partition, i);
    try {
      const compacted = await compactLeased(deps, lease);
      summary.compacted.push(compacted);
      deps.logger.info('compacted partition', { ...compacted });
      observer?.compacted?.(compacted);
    } catch (error) {
      summary.failed.push({ partition, error: (error as Error).message });
      deps.logger.error('partition failed; it stays pending', { partition, error: error as Error });
      observer?.failed?.(partition, error as Error);
      await deps.ledger.release(lease).catch((releaseError: unknown) =>
        // The lease then lapses at lease_until: the partition is retried after that.
        deps.logger.error('could not release the lease', { partition, error: releaseError as Error }),
      );
    }
  }
  publishRunMetrics(deps.metrics, { failed: summary.failed.length, deferred: summary.deferred.length });
  if (summary.failed.length > 0) throw new RunFailedError(summary);
  return summary;
}
