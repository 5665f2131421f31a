/** Real Powertools instances for the services' tests, kept quiet. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE, type Observability } from '../../src/index.js';

/** Logs nothing and traces nothing; metrics still flush as EMF to stdout. */
export function quietObservability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName, logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
    tracer: new Tracer({ serviceName, enabled: false }),
  };
}

export interface RecordedMetric {
  name: string;
  unit: string;
  value: number;
}

/**
 * Records every metric added to `metrics` and keeps it from printing anything (no EMF, no
 * cold-start metric): the tests read what was recorded instead. Plain method overrides, not
 * Jest spies, so that scripts built on the test factories run outside Jest too.
 */
export function recordMetrics(metrics: Metrics): RecordedMetric[] {
  const recorded: RecordedMetric[] = [];
  const addMetric = metrics.addMetric.bind(metrics);
  metrics.addMetric = (name, unit, value, resolution) => {
    recorded.push({ name, unit, value });
    return addMetric(name, unit, value, resolution);
  };
  metrics.publishStoredMetrics = () => {
    metrics.clearMetrics();
    return metrics;
  };
  metrics.captureColdStartMetric = () => undefined;
  return recorded;
}

/** The sum of the recorded values of one metric. */
export function metricTotal(metrics: readonly RecordedMetric[], name: string): number {
  return metrics.filter((metric) => metric.name === name).reduce((sum, metric) => sum + metric.value, 0);
}
