/**
 * The JSON Lines the ingest function writes: one line per record, no newline inside. Their
 * formats (RawLine, IngestQuarantineLine) are the schema package's.
 */
import type {
  IngestQuarantineLine,
  KinesisMetadata,
  PipelineEvent,
  RawLine,
  ValidationError,
} from '@event-pipeline/schema';
import { arrivalOf, type DecodedRecord } from './kinesis-record.js';

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
  (event as RawLine).kinesis_metadata = metadata;
  return JSON.stringify(event);
}

export function quarantineLine(error: ValidationError, record: DecodedRecord): string {
  const line: IngestQuarantineLine = {
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
