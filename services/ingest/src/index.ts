/**
 * The ingest service's public entry, for the tools that run its code outside Lambda (the
 * local pipeline, recovery, the bench). The Lambda entry is lambda.ts.
 */
export { createRawLake, type RawLake } from './adapters/raw-lake.js';
export { type BatchPlan, type PlannedObject, planBatch } from './batch-plan.js';
export { type IngestConfig, loadIngestConfig } from './config.js';
export { createHandler, type IngestDependencies, type IngestHandler } from './handler.js';
export type { IngestLedgerItem } from './ledger-item.js';
export { jsonLines, rawLine } from './lines.js';
export { objectKey, quarantineFolder, rangeName, rawFolder } from './object-keys.js';
