export { type ClientPlace, clientConfig } from './client-config.js';
export { createLiveLine, type LiveLine } from './live-line.js';
export { OPERATOR_POLICY_HELP } from './operator-policy.js';
export { logLevelOption, repositoryFileOption } from './options.js';
export {
  parseIntegerWithin,
  parseNonNegativeNumber,
  parseNumber,
  parsePositiveInteger,
  parsePositiveNumber,
  parseStage,
} from './parsers.js';
export { stackNotes, statusLine, summaryTable } from './pipeline-report.js';
export {
  addConcurrencyOption,
  addProducerOptions,
  type ProducerFlags,
  producerConfigOption,
  producerOverrides,
} from './producer-options.js';
export { progressLine, statsTable } from './producer-report.js';
export { type QueueDepths, queueDepth, watchQueueDepths } from './queue-depths.js';
export { runMain, toolCommand } from './run-main.js';
export { table } from './table.js';
export {
  localTarget,
  type ReaderSettings,
  type StackTarget,
  streamTargetFromFlags,
  targetFromFlags,
} from './target.js';
export {
  addTargetOptions,
  DEFAULT_DATA_DIR,
  STACK_FILE_NAME,
  stackFileOf,
  stageOption,
  type TargetFlags,
} from './target-options.js';
