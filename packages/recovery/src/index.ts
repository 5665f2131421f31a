export {
  addRecoveryOptions,
  type RecoveryFlags,
  type RecoveryRun,
  runRecovery,
} from './cli.js';
export { parseIngestFailure, parseTransformFailure } from './dlq-messages.js';
export { FromTimeError, parseFromTime } from './from-time.js';
export { type Outcome, type PipelineFunctions, pipelineFunctions } from './pipeline-functions.js';
export {
  type ExportedMessage,
  type MessageReport,
  QUEUE_NAMES,
  type QueueName,
  type RedriveOptions,
  type RedriveSummary,
  redrive,
} from './redrive.js';
export {
  type ReplayOptions,
  type ReplayProgress,
  type ReplaySummary,
  replay,
  type ShardReplay,
} from './replay.js';
