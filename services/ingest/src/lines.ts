/** The JSON Lines the ingest function writes: one line per record, no newline inside. */
import type { PipelineEvent, ValidationError } from '@event-pipeline/schema';
import { arrivalOf, type DecodedRecord, type KinesisMetadata } from './kinesis-record.js';

export interface QuarantineLine {
  error: ValidationError;
  kinesis_metadata: KinesisMetadata;
  /** When the record reached the stream (ISO 8601): stable across retries, unlike the clock. */
  received_at: string;
  /** The record's original bytes, base64: kept whole whatever was wrong with them. */
  payload: string;
}

/**
 * A valid event with its stream position. Re-serialised rather than spliced into the
 * original text, so a pretty-printed record still makes exactly one line.
 *
 * The event is taken over: `kinesis_metadata` is set on it (replacing one the producer sent,
 * in its place; else as the last key), the same text `{ ...event, kinesis_metadata }` gives
 * without the copy. Copying an object and adding a key is V8's slow path (about 20x), and
 * one stringify of the whole line costs less than two joined (bench/, issue 7).
 */
export function rawLine(event: PipelineEvent, metadata: KinesisMetadata): string {
  (event as PipelineEvent & { kinesis_metadata: KinesisMetadata }).kinesis_metadata = metadata;
  return JSON.stringify(event);
}

export function quarantineLine(error: ValidationError, record: DecodedRecord): string {
  const line: QuarantineLine = {
    error,
    kinesis_metadata: record.metadata,
    received_at: arrivalOf(record.metadata).toISOString(),
    payload: record.bytes.toString('base64'),
  };
  return JSON.stringify(line);
}

/** JSON Lines: every line ends with a newline, the last one too. */
export function jsonLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
