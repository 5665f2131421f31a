/**
 * One scheduled run (docs/architecture.md §8): the pending partitions that have been quiet for
 * the settle time, each leased, compacted, recorded in the ledger and then marked compacted,
 * one at a time (a partition can use most of the function's memory). A failed partition is
 * released and stays pending for the next run; so does every partition the run has no time
 * left for. Crash anywhere: the lease lapses, the partition is still pending, and the next
 * run writes the same object again.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { isPartitionPath } from '@event-pipeline/schema';
import type { Lease, PartitionLedger } from './adapters/partition-ledger.js';
import { compactPartition, type PartitionDeps, type PartitionOutcome } from './compact-partition.js';
import { compactLedgerItem } from './ledger-item.js';
import { type MetricsSink, publishPartitionMetrics, publishRunMetrics } from './metrics.js';

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

/** The partitions to look at: the ones named (manual runs), else the quiet pending ones. */
async function candidates(deps: RunDeps, only: readonly string[] | undefined): Promise<string[]> {
  if (only !== undefined) {
    const bad = only.filter((partition) => !isPartitionPath(partition));
    if (bad.length > 0) throw new RangeError(`not partition paths: ${bad.join(', ')}`);
    return [...new Set(only)];
  }
  const cutoff = new Date(deps.clock().getTime() - deps.settleSeconds * 1000);
  const pending = await deps.ledger.pending(cutoff, deps.maxPartitions);
  return pending.map((p) => p.partition);
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

export async function runCompaction(deps: RunDeps, only?: readonly string[]): Promise<RunSummary> {
  const summary: RunSummary = { compacted: [], skipped: [], deferred: [], failed: [] };
  const partitions = await candidates(deps, only);
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
    );
    if (lease === undefined) {
      summary.skipped.push(partition);
      continue;
    }
    try {
      const compacted = await compactLeased(deps, lease);
      summary.compacted.push(compacted);
      deps.logger.info('compacted partition', { ...compacted });
    } catch (error) {
      summary.failed.push({ partition, error: (error as Error).message });
      deps.logger.error('partition failed; it stays pending', { partition, error: error as Error });
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
