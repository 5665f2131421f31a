/** The transformer's EMF metrics (namespace EventPipeline, dimension `service`): names in one place. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '@event-pipeline/runtime';
import type { ObjectResult } from './process-object.js';

export const METRIC_NAMES = {
  objectsTransformed: 'ObjectsTransformed',
  objectsSkipped: 'ObjectsSkipped',
  recordsTransformed: 'RecordsTransformed',
  recordsQuarantined: 'RecordsQuarantined',
  anomalies: 'MetricAnomalies',
  highValueTransactions: 'HighValueTransactions',
  /** Milliseconds from the oldest event's own timestamp to its processed record being stored. */
  endToEndLatency: 'EndToEndLatency',
} as const;

/** One value per metric per object: a per-record value would flush an EMF document every 100 records. */
export function publishObjectMetrics(metrics: MetricsSink, result: ObjectResult, storedAt: Date): void {
  metrics.addMetric(METRIC_NAMES.objectsTransformed, MetricUnit.Count, 1);
  metrics.addMetric(METRIC_NAMES.recordsTransformed, MetricUnit.Count, result.recordCount);
  metrics.addMetric(METRIC_NAMES.recordsQuarantined, MetricUnit.Count, result.failedRecords);
  metrics.addMetric(METRIC_NAMES.anomalies, MetricUnit.Count, result.anomalies);
  metrics.addMetric(METRIC_NAMES.highValueTransactions, MetricUnit.Count, result.highValueTransactions);
  if (result.oldestEventTime !== undefined) {
    const latency = Math.max(0, storedAt.getTime() - result.oldestEventTime);
    metrics.addMetric(METRIC_NAMES.endToEndLatency, MetricUnit.Milliseconds, latency);
  }
}

export function publishSkippedMetric(metrics: MetricsSink): void {
  metrics.addMetric(METRIC_NAMES.objectsSkipped, MetricUnit.Count, 1);
}
