/**
 * The compact service's public entry, for the tools that run its code outside Lambda (the
 * local pipeline, `npm run compact`, the bench). The Lambda entry is lambda.ts.
 */
export { createPartitionLedger, type PartitionLedger } from './adapters/partition-ledger.js';
export type { RunRequest } from './candidates.js';
export { type CompactConfig, loadCompactConfig } from './config.js';
// The pure core, for the partition benchmark (bench/compact): the function's own code, without S3.
export { PartitionCompaction } from './core/partition-compaction.js';
export { FileRowStore } from './core/row-store.js';
export {
  type CompactDependencies,
  type CompactEvent,
  type CompactHandler,
  createHandler,
} from './handler.js';
export { writeCuratedFile } from './parquet/curated-file.js';
export { type PlannedPartition, planRun } from './plan.js';
export {
  type CompactedPartition,
  RunFailedError,
  type RunObserver,
  type RunSummary,
} from './run.js';
