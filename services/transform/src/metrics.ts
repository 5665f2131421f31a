/** The transformer's EMF metrics (namespace EventPipeline, dimension `service`): names and units in one place. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type MetricsSink, publishMetrics } from '@event-pipeline/runtime';
import type { ObjectResult } from './process-object.js';

export const METRICS = {
  objectsTransformed: { name: 'ObjectsTransformed', unit: MetricUnit.Count },
  objectsSkipped: { name: 'ObjectsSkipped', unit: MetricUnit.Count },
  recordsTransformed: { name: 'RecordsTransformed', unit: MetricUnit.Count },
  recordsQuarantined: { name: 'RecordsQuarantined', unit: MetricUnit.Count },
  anomalies: { name: 'MetricAnomalies', unit: MetricUnit.Count },
  highValueTransactions: { name: 'HighValueTransactions', unit: MetricUnit.Count },
  /** Milliseconds from the oldest event's own timestamp to its processed record being stored. */
  endToEndLatency: { name: 'EndToEndLatency', unit: MetricUnit.Milliseconds },
} as const;

/** One value per metric per object: a per-record value would flush an EMF document every 100 records. */
export function publishObjectMetrics(metrics: MetricsSink, result: ObjectResult, storedAt: Date): void {
  publishMetrics(metrics, METRICS, {
    objectsTransformed: 1,
    recordsTransformed: result.recordCount,
    recordsQuarantined: result.failedRecords,
    anomalies: result.anomalies,
    highValueTransactions: result.highValueTransactions,
    ...(result.oldestEventTime === undefined
      ? {}
      : { endToEndLatency: Math.max(0, storedAt.getTime() - result.oldestEventTime) }),
  });
}

export function publishSkippedMetric(metrics: MetricsSink): void {
  publishMetrics(metrics, METRICS, { objectsSkipped: 1 });
}
