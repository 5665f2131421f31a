export { type ClientConfig, type ClientPlace, clientConfig, type StackService } from './client-config.js';
export { createLiveLine, type LiveLine } from './live-line.js';
export { type LogLevel, logLevelOption, repositoryFileOption } from './options.js';
export { parseNumber, parsePositiveInteger } from './parsers.js';
export { statusLine, summaryTable } from './pipeline-report.js';
export {
  addProducerOptions,
  type ProducerFlags,
  producerConfigOption,
  producerOverrides,
} from './producer-options.js';
export { progressLine, statsTable } from './producer-report.js';
export { runMain } from './run-main.js';
export { table } from './table.js';
export {
  type LocalTargetOptions,
  localTarget,
  type ReaderSettings,
  type StackClients,
  type StackTarget,
  type StageResources,
  type StageTargetOptions,
  type StreamTarget,
  stageResources,
  stageTarget,
  streamTargetFromFlags,
  targetFromFlags,
} from './target.js';
export { addTargetOptions, type TargetFlags } from './target-options.js';
