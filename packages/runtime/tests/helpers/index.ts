/** `@event-pipeline/runtime/testing`: the test factories both services' tests share. */
export { lambdaContext } from './lambda-context.js';
export { metricTotal, quietObservability, type RecordedMetric, recordMetrics } from './observability.js';
export { type S3RecordInput, s3Event } from './s3-event.js';
export { FIRST_SEQUENCE, SHARD_ID, sequenceNumber } from './stream-positions.js';
export { waitFor } from './wait.js';
