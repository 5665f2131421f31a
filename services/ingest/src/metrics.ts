/** The ingest function's EMF metrics (namespace EventPipeline, dimension `service`): names in one place. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '@event-pipeline/runtime';

export const METRIC_NAMES = {
  recordsReceived: 'RecordsReceived',
  recordsValid: 'RecordsValid',
  recordsQuarantined: 'RecordsQuarantined',
  objectsWritten: 'ObjectsWritten',
  objectWritesFailed: 'ObjectWritesFailed',
  ledgerWritesFailed: 'LedgerWritesFailed',
  batchDuration: 'BatchDuration',
} as const;

export interface BatchFigures {
  received: number;
  valid: number;
  quarantined: number;
  objectsWritten: number;
  objectWritesFailed: number;
  ledgerWritesFailed: number;
  durationMs: number;
}

export function publishBatchMetrics(metrics: MetricsSink, figures: BatchFigures): void {
  metrics.addMetric(METRIC_NAMES.recordsReceived, MetricUnit.Count, figures.received);
  metrics.addMetric(METRIC_NAMES.recordsValid, MetricUnit.Count, figures.valid);
  metrics.addMetric(METRIC_NAMES.recordsQuarantined, MetricUnit.Count, figures.quarantined);
  metrics.addMetric(METRIC_NAMES.objectsWritten, MetricUnit.Count, figures.objectsWritten);
  metrics.addMetric(METRIC_NAMES.objectWritesFailed, MetricUnit.Count, figures.objectWritesFailed);
  metrics.addMetric(METRIC_NAMES.ledgerWritesFailed, MetricUnit.Count, figures.ledgerWritesFailed);
  metrics.addMetric(METRIC_NAMES.batchDuration, MetricUnit.Milliseconds, figures.durationMs);
}
