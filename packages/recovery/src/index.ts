export {
  addRecoveryOptions,
  type RecoveryFlags,
  type RecoveryRun,
  runRecovery,
} from './cli.js';
export {
  DlqMessageError,
  type FailedBatch,
  type FailedInvocation,
  parseIngestFailure,
  parseTransformFailure,
} from './dlq-messages.js';
export { FromTimeError, parseFromTime } from './from-time.js';
export { ingestBatchesSince, type LedgerBatch, type LedgerQuery } from './ledger-batches.js';
export {
  type Outcome,
  type PipelineFunctions,
  pipelineFunctions,
  withAttempts,
} from './pipeline-functions.js';
export {
  type MessageReport,
  QUEUE_NAMES,
  type QueueName,
  type RedriveOptions,
  type RedriveSummary,
  redrive,
} from './redrive.js';
export {
  ingestObjectPlanner,
  type ReplayOptions,
  type ReplayProgress,
  type ReplaySummary,
  replay,
  type ShardReplay,
} from './replay.js';
export {
  type BatchRewrite,
  type ObjectPlanner,
  planReplay,
  type ReplayObject,
  type ReplayPlan,
} from './replay-plan.js';
export {
  listShardIds,
  RecordsExpiredError,
  readRange,
  readShard,
  type ShardPosition,
  StreamReadError,
} from './stream-reader.js';
