/** The compactor's EMF metrics (namespace EventPipeline, dimension `service`), by the figure each reports. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type MetricsSink, publishMetrics } from '@event-pipeline/runtime';
import type { PartitionOutcome } from './compact-partition.js';

const PARTITION_METRICS = {
  partitionsCompacted: { name: 'PartitionsCompacted', unit: MetricUnit.Count },
  rows: { name: 'CuratedRows', unit: MetricUnit.Count },
  duplicatesDropped: { name: 'DuplicatesDropped', unit: MetricUnit.Count },
  /** Lines sharing a record_id with different content: the alarm watches this one. */
  conflicts: { name: 'ConflictingRecords', unit: MetricUnit.Count },
  linesQuarantined: { name: 'LinesQuarantined', unit: MetricUnit.Count },
  sourceBytes: { name: 'SourceBytes', unit: MetricUnit.Bytes },
  curatedBytes: { name: 'CuratedBytes', unit: MetricUnit.Bytes },
  partitionDuration: { name: 'PartitionDuration', unit: MetricUnit.Milliseconds },
} as const;

const RUN_METRICS = {
  partitionsFailed: { name: 'PartitionsFailed', unit: MetricUnit.Count },
  /** Pending partitions left for the next run (time, or another run holds them). */
  partitionsDeferred: { name: 'PartitionsDeferred', unit: MetricUnit.Count },
} as const;

/** The metric names, for the alarm and the tests: one place for them. */
export const COMPACT_METRICS = Object.fromEntries(
  Object.entries({ ...PARTITION_METRICS, ...RUN_METRICS }).map(([key, { name }]) => [key, name]),
) as { [K in keyof typeof PARTITION_METRICS | keyof typeof RUN_METRICS]: string };

export function publishPartitionMetrics(
  metrics: MetricsSink,
  outcome: PartitionOutcome,
  durationMs: number,
): void {
  publishMetrics(metrics, PARTITION_METRICS, {
    partitionsCompacted: 1,
    rows: outcome.rows,
    duplicatesDropped: outcome.duplicates,
    conflicts: outcome.conflicts,
    linesQuarantined: outcome.quarantined,
    sourceBytes: outcome.sourceBytes,
    curatedBytes: outcome.outputBytes,
    partitionDuration: durationMs,
  });
}

export function publishRunMetrics(metrics: MetricsSink, run: { failed: number; deferred: number }): void {
  publishMetrics(metrics, RUN_METRICS, { partitionsFailed: run.failed, partitionsDeferred: run.deferred });
}
