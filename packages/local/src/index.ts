export { type KinesisFailureRecord, kinesisFailureRecord } from './kinesis/failure-record.js';
export { fromGetRecords, type ShardRecord, toLambdaEvent, toLambdaRecord } from './kinesis/lambda-event.js';
export { type AsyncFailureRecord, asyncFailureRecord } from './lambda/async-invoke.js';
export type { Destination } from './lambda/destination.js';
export { createContext, invoke, type LambdaHandler } from './lambda/function.js';
export {
  type CompactionCounters,
  type CompactionRun,
  countCompactions,
  type LocalTimings,
  localTimings,
  rateSeconds,
} from './pipeline/compact-schedule.js';
export { type CuratedReconciliation, compareCurated } from './pipeline/curated-audit.js';
export {
  compactionRows,
  curatedReconciliationRows,
  curatedStatus,
  curatedVerdict,
} from './pipeline/curated-report.js';
export {
  compactHandler,
  type HandlerClients,
  ingestHandler,
  transformHandler,
} from './pipeline/handlers.js';
export {
  type LocalPipeline,
  type LocalPipelineOptions,
  type PipelineStatus,
  startLocalPipeline,
} from './pipeline/local-pipeline.js';
export { loadPipelineStacks } from './pipeline/pipeline-stacks.js';
export { positionKey, type Reconciliation, reconcile } from './pipeline/reconcile.js';
export type { BucketTrigger, ScheduleTrigger, StreamTrigger } from './pipeline/triggers.js';
export {
  type ProducedRecord,
  type ProducerProgress,
  type ProducerStats,
  percentile,
  producedRecord,
  runProducer,
} from './producer/producer.js';
export { type KinesisTarget, runProducerInThread } from './producer/producer-thread.js';
export { chunkEntries, putRecordsWithRetry } from './producer/put-records.js';
export {
  loadProducerSettings,
  type ProducerSettings,
  STREAMABLE_ERROR_CODES,
  settingProblem,
  UNSTREAMABLE_ERROR_CODES_NOTE,
} from './producer/settings.js';
export { s3EventRecord } from './s3/notifications.js';
export { compiledStacks } from './stack/compiled-templates.js';
export { exportEndingWith } from './stack/plan.js';
export type { FunctionSpec } from './stack/service-plan.js';
export {
  readStackFile,
  START_STACK_COMMAND,
  type StackFile,
  writeStackEnv,
  writeStackFile,
} from './stack/stack-file.js';
export { describeOwner, lockDataDir, type StackLock } from './stack/stack-lock.js';
