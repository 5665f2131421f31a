export { type BatchOutcome, batchOutcome } from './kinesis/batch-outcome.js';
export {
  type BatchReport,
  type KinesisMapping,
  type KinesisMappingOptions,
  type KinesisMappingSettings,
  type MappingObserver,
  startKinesisMapping,
} from './kinesis/event-source-mapping.js';
export { type KinesisFailureRecord, kinesisFailureRecord } from './kinesis/failure-record.js';
export {
  fromGetRecords,
  type ShardRecord,
  type StreamIdentity,
  toLambdaEvent,
  toLambdaRecord,
} from './kinesis/lambda-event.js';
export {
  type AsyncFailureRecord,
  type AsyncInvoker,
  asyncFailureRecord,
  createAsyncInvoker,
} from './lambda/async-invoke.js';
export { type Destination, sqsDestination } from './lambda/destination.js';
export {
  createContext,
  functionArn,
  invoke,
  type LambdaHandler,
  type LocalFunction,
} from './lambda/function.js';
export {
  type HandlerClients,
  ingestHandler,
  transformHandler,
} from './pipeline/handlers.js';
export type { LakeTracker, Landing } from './pipeline/lake-tracker.js';
export {
  type LocalPipeline,
  type LocalPipelineOptions,
  type PipelineStatus,
  startLocalPipeline,
} from './pipeline/local-pipeline.js';
export {
  loadPipelineStacks,
  type PipelineStacks,
  type PipelineStacksOptions,
  type PipelineTriggers,
} from './pipeline/pipeline-stacks.js';
export { positionKey, type Reconciliation, reconcile } from './pipeline/reconcile.js';
export type { BucketTrigger, StreamTrigger } from './pipeline/triggers.js';
export {
  type ProducedRecord,
  type ProducerProgress,
  type ProducerStats,
  percentile,
  producedRecord,
  runProducer,
} from './producer/producer.js';
export { chunkEntries, putRecordsWithRetry } from './producer/put-records.js';
export {
  loadProducerSettings,
  type ProducerSettings,
  STREAMABLE_ERROR_CODES,
  settingProblem,
  UNSTREAMABLE_ERROR_CODES_NOTE,
} from './producer/settings.js';
export { encodeS3EventKey, s3EventRecord, startS3Notifications } from './s3/notifications.js';
export { type CompiledStacks, compiledStacks } from './stack/compiled-templates.js';
export { exportEndingWith, planStack, type StackPlan, type TableSpec } from './stack/plan.js';
export type { FunctionSpec } from './stack/service-plan.js';
export {
  readStackFile,
  START_STACK_COMMAND,
  type StackFile,
  stackEnv,
  writeStackEnv,
  writeStackFile,
} from './stack/stack-file.js';
export {
  describeOwner,
  LOCK_FILE_NAME,
  lockDataDir,
  processAlive,
  type StackLock,
  StackLockedError,
  type StackOwner,
} from './stack/stack-lock.js';
