/** The transformer as the tests build it: the test config, quiet observability, given clients. */
import { createHandler, type TransformDependencies } from '../../src/handler.js';
import { testConfig } from './factories.js';
import { quietObservability, type RecordedMetric } from './observability.js';

export type TransformHandler = ReturnType<typeof createHandler>;

/** The handler on `clients` (and `clock`, when given), and the metrics it records. */
export function testHandler(clients: Pick<TransformDependencies, 's3' | 'ddb' | 'clock'>): {
  handler: TransformHandler;
  metrics: RecordedMetric[];
} {
  const quiet = quietObservability();
  const handler = createHandler({ ...clients, config: testConfig(), observability: quiet.observability });
  return { handler, metrics: quiet.metrics };
}
