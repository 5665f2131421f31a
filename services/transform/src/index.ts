/**
 * The transform service's public entry, for the tools that run its code outside Lambda (the
 * local pipeline, recovery, the bench). The Lambda entry is lambda.ts.
 */
export { loadTransformConfig, type TransformConfig } from './config.js';
export { enrich } from './enrichment/enrich.js';
export { DEFAULT_THRESHOLDS, type Thresholds } from './enrichment/thresholds.js';
export { createHandler, type TransformDependencies, type TransformHandler } from './handler.js';
export { type LineContext, processedLine, type TransformedLine } from './lines.js';
export { processedKey, quarantineKey } from './object-keys.js';
export type { TransformSummary } from './process-event.js';
export { decodeS3Key } from './s3-event.js';
