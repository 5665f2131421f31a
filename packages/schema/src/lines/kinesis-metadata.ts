/** Where a record was on the stream: added by ingest to every line it writes (docs/architecture.md §4). */
import type { ValidationError } from '../errors.js';
import { jsonNumber, jsonString } from '../json-text.js';
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

/**
 * The metadata's JSON from its parts, each already JSON (a string's quotes included): exactly
 * what JSON.stringify writes for the KinesisMetadata they make. The one place its member order is
 * written out for the lines that are assembled as text.
 */
export function kinesisMetadataJson(
  shardIdJson: string,
  sequenceNumberJson: string,
  partitionKeyJson: string,
  arrivalJson: string,
): string {
  return `{"shard_id":${shardIdJson},"sequence_number":${sequenceNumberJson},"partition_key":${partitionKeyJson},"approximate_arrival_timestamp":${arrivalJson}}`;
}

const FIELDS = ['shard_id', 'sequence_number', 'partition_key', 'approximate_arrival_timestamp'];

/**
 * JSON.stringify of a line's parsed `kinesis_metadata`, assembled from its fields when it has
 * exactly the four of KinesisMetadata, in order and typed (what ingest writes): the general call
 * spends most of its time on the long sequence number and the arrival time.
 */
export function kinesisMetadataText(metadata: KinesisMetadata): string {
  let index = 0;
  for (const key in metadata) if (key !== FIELDS[index++]) return JSON.stringify(metadata);
  const {
    shard_id: shardId,
    sequence_number: sequence,
    partition_key: key,
    approximate_arrival_timestamp: arrival,
  } = metadata;
  if (
    index !== FIELDS.length ||
    typeof shardId !== 'string' ||
    typeof sequence !== 'string' ||
    typeof key !== 'string' ||
    typeof arrival !== 'number'
  )
    return JSON.stringify(metadata);
  return kinesisMetadataJson(jsonString(shardId), jsonString(sequence), jsonString(key), jsonNumber(arrival));
}
