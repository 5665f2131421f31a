export { type Attention, assess } from './assess.js';
export type * from './facts.js';
export { gatherStatus, type QueueSource, type StatusSources } from './gather.js';
export { checkLocalStack } from './local-stack.js';
export { statusJson, statusReport } from './report.js';
export { type StatusSourceOptions, type StatusStack, statusSources } from './sources.js';
