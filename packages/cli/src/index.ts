export { type ClientPlace, clientConfig } from './client-config.js';
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
  localTarget,
  type ReaderSettings,
  type StackTarget,
  streamTargetFromFlags,
  targetFromFlags,
} from './target.js';
export { addTargetOptions, type TargetFlags } from './target-options.js';
