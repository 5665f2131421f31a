export { ASSUMPTIONS, type SavedQuery } from './assumptions.js';
export { type Bill, type BillOptions, monthlyBill } from './bill.js';
export { type BillItem, type BillLine, LINE_KEYS, type LineKey, lineTotals } from './bill-line.js';
export { itemBytes } from './dynamodb-item-size.js';
export { type FirehoseBill, firehoseBill } from './firehose.js';
export { type CpuFigures, cpuStretch, type Flow, pipelineFlow, type Workload } from './flow.js';
export { glacierBreakEvenBytes } from './glacier-break-even.js';
export { MEASURED } from './measured.js';
export { PRICES, type Prices } from './prices.js';
export {
  PROD_P99_LATENCY_LIMIT_S,
  PROD_PROCESSING_LIMITS_USD,
  REFERENCE_ESTIMATES,
  type ReferenceEstimate,
  referenceEstimate,
} from './reference.js';
export { billJson, renderBill } from './render.js';
export {
  loadStageSettings,
  STAGE_LOG_LEVELS,
  type StageLogLevel,
  type StageSettings,
  stagesOf,
  UnknownStageError,
} from './stage-settings.js';
export type { FunctionVolume, Measured } from './volume.js';
