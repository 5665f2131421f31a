export { CURATED_COLUMNS, type CuratedColumn, type CuratedType } from './curated/columns.js';
export { CURATED_FILE, CURATED_PREFIX, curatedKey } from './curated/layout.js';
export { ERROR_CODES, type ErrorCode, type ValidationError } from './errors.js';
export { isEventTime, isRfc3339DateTime } from './formats.js';
export {
  GENERATED_ERROR_CODES,
  type GeneratorOptions,
  generateSamples,
  type Sample,
  sampleBatch,
} from './generator.js';
export { hourPath, partitionPath, type UtcHour, utcDate, utcHour } from './partition.js';
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
