/**
 * A line of a processed object (docs/architecture.md §5): the event's content, its
 * enrichment, where it came from and when it was processed. Parsing checks that the event
 * still satisfies the contract (`event_type`, `original_timestamp` as the timestamp,
 * `original_data` as the data, and the optional `event_id` and `source` as sent) and that
 * the line's own fields are there and typed.
 */
import { fieldName, type ValidationError } from '../errors.js';
import type { EventType, PipelineEvent } from '../types.js';
import { validateEvent } from '../validate.js';
import { type KinesisMetadata, kinesisMetadataError } from './kinesis-metadata.js';
import {
  type FieldRule,
  fieldError,
  firstFieldError,
  type LineResult,
  NON_EMPTY_STRING,
  OBJECT,
  parseLineObject,
  STRING,
  TIMESTAMP,
} from './line-result.js';

export interface ProcessedLineMetadata {
  source: string;
  processing_stage: string;
  version: string;
  /** Lineage: the raw object the record was read from, `s3://<bucket>/<key>`. */
  raw_object: string;
}

/** `Enriched` is what the transform adds to `enriched_data` (which keeps every field of the data). */
export interface ProcessedLine<Enriched extends object = Record<string, unknown>> {
  /** The record id (recordId): the same for every delivery of one record. */
  record_id: string;
  /** The producer's `event_id`, when the event has one. */
  event_id?: string;
  event_type: EventType;
  original_timestamp: string;
  /** The producer's `source`, when the event has one. */
  source?: string;
  original_data: PipelineEvent['data'];
  enriched_data: Enriched;
  kinesis_metadata: KinesisMetadata;
  processed_timestamp: string;
  metadata: ProcessedLineMetadata;
}

const RECORD_ID: FieldRule = {
  type: 'string',
  expected: 'a SHA-256 in 64 lower-case hex digits',
  test: (value: string) => /^[0-9a-f]{64}$/.test(value),
  code: 'bad_value',
};
const METADATA_RULES: Record<keyof ProcessedLineMetadata, FieldRule> = {
  source: STRING,
  processing_stage: STRING,
  version: STRING,
  raw_object: NON_EMPTY_STRING,
};

/** Where the event's fields sit in a processed line. */
const LINE_PATH_OF_EVENT_FIELD: Record<string, string> = {
  '/timestamp': '/original_timestamp',
  '/data': '/original_data',
};

/** The event of a line, as it was sent (a missing field stays missing; event_id and source are optional). */
function eventOf(line: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  if (line.event_id !== undefined) event.event_id = line.event_id;
  if (line.event_type !== undefined) event.event_type = line.event_type;
  if (line.original_timestamp !== undefined) event.timestamp = line.original_timestamp;
  if (line.source !== undefined) event.source = line.source;
  if (line.original_data !== undefined) event.data = line.original_data;
  return event;
}

/** An event's error path, moved to the line's field (`/data/amount` -> `/original_data/amount`). */
function linePath(eventPath: string): string {
  const field = eventPath.match(/^\/[^/]*/)?.[0] ?? '';
  const moved = LINE_PATH_OF_EVENT_FIELD[field];
  return moved === undefined ? eventPath : moved + eventPath.slice(field.length);
}

export function parseProcessedLine(text: string): LineResult<ProcessedLine> {
  const parsed = parseLineObject(text);
  if (!parsed.ok) return parsed;
  const line = parsed.value;
  const error =
    fieldError(line, '', 'record_id', RECORD_ID) ??
    eventContentError(line) ??
    fieldError(line, '', 'enriched_data', OBJECT) ??
    kinesisMetadataError(line) ??
    fieldError(line, '', 'processed_timestamp', TIMESTAMP) ??
    fieldError(line, '', 'metadata', OBJECT) ??
    firstFieldError(line.metadata as Record<string, unknown>, '/metadata', METADATA_RULES);
  if (error !== undefined) return { ok: false, error };
  return { ok: true, line: line as unknown as ProcessedLine };
}

function eventContentError(line: Record<string, unknown>): ValidationError | undefined {
  const result = validateEvent(eventOf(line));
  if (result.ok) return undefined;
  const { code, message, path } = result.error;
  const moved = linePath(path);
  // Named as the line names them: `original_timestamp`, not `timestamp`.
  return { code, message: message.replace(fieldName(path), fieldName(moved)), path: moved };
}
