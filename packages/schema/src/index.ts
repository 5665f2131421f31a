export {
  COMMON_COLUMNS,
  type ColumnOrigin,
  CURATED_COLUMNS,
  type CuratedColumn,
  type CuratedType,
  curatedColumns,
  dataColumns,
  enrichmentColumns,
  GLUE_TYPES,
  glueColumns,
} from './curated/columns.js';
export { ENRICHMENT_COLUMNS, type EnrichmentColumn, type EnrichmentType } from './curated/enrichment.js';
export {
  CURATED_FILE,
  CURATED_PREFIX,
  curatedKey,
  isPartitionPath,
  PARTITION_PATH,
  partitionEventType,
} from './curated/layout.js';
export {
  markPartitionPending,
  PARTITION_ITEM_PREFIX,
  PARTITION_ITEM_SORT_KEY,
  type PartitionItemKey,
  type PartitionUpdate,
  PENDING_PARTITION_INDEX,
  PENDING_QUEUE,
  partitionItemKey,
} from './curated/pending-partition.js';
export { ERROR_CODES, type ErrorCode, type ValidationError } from './errors.js';
export { isEventTime, isRfc3339DateTime } from './formats.js';
export {
  GENERATED_ERROR_CODES,
  type GeneratorOptions,
  generateSamples,
  type Sample,
  sampleBatch,
} from './generator.js';
export { jsonNumber, jsonString } from './json-text.js';
export { identifyLine, type LineIdentity } from './lines/identify-line.js';
export { type KinesisMetadata, kinesisMetadataJson, kinesisMetadataText } from './lines/kinesis-metadata.js';
export type { LineResult } from './lines/line-result.js';
export {
  type ProcessedLine,
  type ProcessedLineMetadata,
  parseProcessedLine,
} from './lines/processed-line.js';
export {
  type IngestQuarantineLine,
  parseQuarantineLine,
  QUARANTINE_CODES,
  type QuarantineCode,
  type QuarantineError,
  type QuarantineLine,
  type TransformQuarantineLine,
} from './lines/quarantine-line.js';
export { parseRawLine, type RawLine } from './lines/raw-line.js';
export { hourPath, partitionPath, type UtcHour, utcDate, utcHour } from './partition.js';
export { isPlainObject } from './plain-object.js';
export { createRandom, type Random } from './random.js';
export { type RecordIdentity, recordId } from './record-id.js';
export {
  dataSchemas,
  EVENT_TIME_RANGE,
  EVENT_TYPES,
  envelopeSchema,
  MAX_NESTING_DEPTH,
  MAX_RECORD_BYTES,
  SYSTEM_EVENT_LEVELS,
} from './schemas.js';
export type * from './types.js';
export { isUtcTimestamp, UTC_DATE_LENGTH, UTC_HOUR_LENGTH } from './utc-timestamp.js';
export { type ValidationResult, validate, validateEvent } from './validate.js';
