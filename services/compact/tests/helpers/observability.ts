/** Real Powertools instances for tests, kept quiet. */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Observability } from '@event-pipeline/runtime';
import { jest } from '@jest/globals';

export interface RecordedMetric {
  name: string;
  unit: string;
  value: number;
}

/**
 * Real Powertools instances that stay quiet: logs silenced, tracing off, and metrics
 * recorded in `metrics` instead of printed (the cold-start metric is skipped).
 */
export function quietObservability(): { observability: Observability; metrics: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  const metrics = new Metrics({ namespace: 'EventPipelineTest', serviceName: 'compact-test' });
  const addMetric = metrics.addMetric.bind(metrics);
  jest.spyOn(metrics, 'addMetric').mockImplementation((name, unit, value) => {
    recorded.push({ name, unit, value });
    return addMetric(name, unit, value);
  });
  jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    metrics.clearMetrics();
    return metrics;
  });
  jest.spyOn(metrics, 'captureColdStartMetric').mockImplementation(() => metrics);
  return {
    observability: {
      logger: new Logger({ serviceName: 'compact-test', logLevel: 'SILENT' }),
      metrics,
      tracer: new Tracer({ serviceName: 'compact-test', enabled: false }),
    },
    metrics: recorded,
  };
}

/** Sums the recorded values of one metric. */
export function metricTotal(metrics: readonly RecordedMetric[], name: string): number {
  return metrics.filter((metric) => metric.name === name).reduce((sum, metric) => sum + metric.value, 0);
}
