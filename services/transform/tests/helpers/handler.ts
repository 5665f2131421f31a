/** The transformer as the tests build it: the test config, quiet observability, given clients. */
import { quietObservability, type RecordedMetric, recordMetrics } from '@event-pipeline/runtime/testing';
import { createHandler, type TransformDependencies, type TransformHandler } from '../../src/handler.js';
import { testConfig } from './factories.js';

/** The handler on `clients` (and `now`, when given), and the metrics it records (none printed). */
export function testHandler(clients: Pick<TransformDependencies, 's3' | 'dynamodb' | 'now'>): {
  handler: TransformHandler;
  metrics: RecordedMetric[];
} {
  const config = testConfig();
  const observability = quietObservability(config.serviceName);
  const metrics = recordMetrics(observability.metrics);
  return { handler: createHandler({ ...clients, config, observability }), metrics };
}
