/** Where a record was on the stream: added by ingest to every line it writes (docs/architecture.md §4). */
import type { ValidationError } from '../errors.js';
import { isPlainObject } from '../plain-object.js';
import {
  type FieldRule,
  fieldError,
  firstFieldError,
  NON_EMPTY_STRING,
  OBJECT,
  STRING,
} from './line-result.js';

/** The `kinesis_metadata` of a raw line, an ingest quarantine line and a processed line. */
export interface KinesisMetadata {
  shard_id: string;
  sequence_number: string;
  partition_key: string;
  /** Epoch seconds (with milliseconds), exactly as the event source reports it. */
  approximate_arrival_timestamp: number;
}

const EPOCH_SECONDS: FieldRule = {
  type: 'number',
  expected: 'a finite number (epoch seconds)',
  test: (value: number) => Number.isFinite(value),
};

const RULES: Record<keyof KinesisMetadata, FieldRule> = {
  shard_id: NON_EMPTY_STRING,
  sequence_number: NON_EMPTY_STRING,
  partition_key: STRING,
  approximate_arrival_timestamp: EPOCH_SECONDS,
};

/** The first problem of a line's `kinesis_metadata`, if any. */
export function kinesisMetadataError(line: Record<string, unknown>): ValidationError | undefined {
  const metadata = line.kinesis_metadata;
  const path = '/kinesis_metadata';
  if (metadata === undefined)
    return {
      code: 'missing_field',
      message: 'missing required field kinesis_metadata (added by ingest)',
      path,
    };
  if (!isPlainObject(metadata)) return fieldError(line, '', 'kinesis_metadata', OBJECT);
  return firstFieldError(metadata, path, RULES);
}
