/** The ingest function's EMF metrics (namespace EventPipeline), one place for their names. */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const INGEST_METRICS = {
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

export type MetricsSink = Pick<Metrics, 'addMetric'>;

export function publishBatchMetrics(metrics: MetricsSink, figures: BatchFigures): void {
  metrics.addMetric(INGEST_METRICS.recordsReceived, MetricUnit.Count, figures.received);
  metrics.addMetric(INGEST_METRICS.recordsValid, MetricUnit.Count, figures.valid);
  metrics.addMetric(INGEST_METRICS.recordsQuarantined, MetricUnit.Count, figures.quarantined);
  metrics.addMetric(INGEST_METRICS.objectsWritten, MetricUnit.Count, figures.objectsWritten);
  metrics.addMetric(INGEST_METRICS.objectWritesFailed, MetricUnit.Count, figures.objectWritesFailed);
  metrics.addMetric(INGEST_METRICS.ledgerWritesFailed, MetricUnit.Count, figures.ledgerWritesFailed);
  metrics.addMetric(INGEST_METRICS.batchDuration, MetricUnit.Milliseconds, figures.durationMs);
}
