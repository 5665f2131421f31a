/** The ingest function's EMF metrics (namespace EventPipeline, dimension `service`), by the batch figure each reports. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type MetricFigures, type MetricsSink, publishMetrics } from '@event-pipeline/runtime';

const METRICS = {
  received: { name: 'RecordsReceived', unit: MetricUnit.Count },
  valid: { name: 'RecordsValid', unit: MetricUnit.Count },
  quarantined: { name: 'RecordsQuarantined', unit: MetricUnit.Count },
  objectsWritten: { name: 'ObjectsWritten', unit: MetricUnit.Count },
  objectWritesFailed: { name: 'ObjectWritesFailed', unit: MetricUnit.Count },
  ledgerWritesFailed: { name: 'LedgerWritesFailed', unit: MetricUnit.Count },
  durationMs: { name: 'BatchDuration', unit: MetricUnit.Milliseconds },
} as const;

export type BatchFigures = MetricFigures<typeof METRICS>;

export function publishBatchMetrics(metrics: MetricsSink, figures: BatchFigures): void {
  publishMetrics(metrics, METRICS, figures);
}
