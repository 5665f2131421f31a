/** The compactor's EMF metrics (namespace EventPipeline, dimension `service`), one place for their names. */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PartitionOutcome } from './compact-partition.js';

export const COMPACT_METRICS = {
  partitionsCompacted: 'PartitionsCompacted',
  partitionsFailed: 'PartitionsFailed',
  /** Pending partitions left for the next run (time, or another run holds them). */
  partitionsDeferred: 'PartitionsDeferred',
  rows: 'CuratedRows',
  duplicatesDropped: 'DuplicatesDropped',
  /** Lines sharing a record_id with different content: the alarm watches this one. */
  conflicts: 'ConflictingRecords',
  linesQuarantined: 'LinesQuarantined',
  sourceBytes: 'SourceBytes',
  curatedBytes: 'CuratedBytes',
  partitionDuration: 'PartitionDuration',
} as const;

export type MetricsSink = Pick<Metrics, 'addMetric'>;

export function publishPartitionMetrics(
  metrics: MetricsSink,
  outcome: PartitionOutcome,
  durationMs: number,
): void {
  metrics.addMetric(COMPACT_METRICS.partitionsCompacted, MetricUnit.Count, 1);
  metrics.addMetric(COMPACT_METRICS.rows, MetricUnit.Count, outcome.rows);
  metrics.addMetric(COMPACT_METRICS.duplicatesDropped, MetricUnit.Count, outcome.duplicates);
  metrics.addMetric(COMPACT_METRICS.conflicts, MetricUnit.Count, outcome.conflicts);
  metrics.addMetric(COMPACT_METRICS.linesQuarantined, MetricUnit.Count, outcome.quarantined);
  metrics.addMetric(COMPACT_METRICS.sourceBytes, MetricUnit.Bytes, outcome.sourceBytes);
  metrics.addMetric(COMPACT_METRICS.curatedBytes, MetricUnit.Bytes, outcome.outputBytes);
  metrics.addMetric(COMPACT_METRICS.partitionDuration, MetricUnit.Milliseconds, durationMs);
}

export function publishRunMetrics(metrics: MetricsSink, run: { failed: number; deferred: number }): void {
  metrics.addMetric(COMPACT_METRICS.partitionsFailed, MetricUnit.Count, run.failed);
  metrics.addMetric(COMPACT_METRICS.partitionsDeferred, MetricUnit.Count, run.deferred);
}
