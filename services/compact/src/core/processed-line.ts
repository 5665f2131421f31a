/**
 * A line of the processed lake (docs/architecture.md §5), parsed and checked before it becomes
 * a curated row: JSON, the lineage fields the row needs, and the event content re-validated
 * against its type's schema. The one place the compactor parses a processed line: it is to be
 * replaced by packages/schema's `parseProcessedLine` once that exists, here and nowhere else.
 */
import {
  type ErrorCode,
  type PipelineEvent,
  type ValidationError,
  validateEvent,
} from '@event-pipeline/schema';

export interface ProcessedLine {
  record_id: string;
  event_type: PipelineEvent['event_type'];
  original_timestamp: string;
  original_data: Record<string, unknown>;
  enriched_data: Record<string, unknown>;
  kinesis_metadata: {
    shard_id: string;
    sequence_number: string;
    partition_key?: string;
    approximate_arrival_timestamp?: number | string;
  };
  processed_timestamp: string;
  metadata: { raw_object: string };
  /** Present when the transformer carries them (the producer's optional fields). */
  event_id?: string;
  source?: string;
}

export type ProcessedLineResult = { ok: true; line: ProcessedLine } | { ok: false; error: ValidationError };

const RECORD_ID = /^[0-9a-f]{64}$/;

const fail = (code: ErrorCode, message: string, path: string): ProcessedLineResult => ({
  ok: false,
  error: { code, message, path },
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function nonEmptyString(value: unknown, path: string, label: string): ProcessedLineResult | undefined {
  if (value === undefined) return fail('missing_field', `missing required field ${label}`, path);
  if (typeof value !== 'string' || value === '')
    return fail('wrong_type', `${label} must be a non-empty string`, path);
  return undefined;
}

export function parseProcessedLine(text: string): ProcessedLineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('not_json', `the line is not valid JSON: ${(error as Error).message}`, '');
  }
  if (!isObject(value)) return fail('not_object', 'the line must be a JSON object', '');
  const line = value as Record<string, unknown>;
  if (line.record_id === undefined)
    return fail('missing_field', 'missing required field record_id', '/record_id');
  if (typeof line.record_id !== 'string' || !RECORD_ID.test(line.record_id))
    return fail('bad_value', 'record_id must be 64 lower-case hex digits', '/record_id');
  const metadata = line.kinesis_metadata;
  if (!isObject(metadata))
    return fail(
      metadata === undefined ? 'missing_field' : 'wrong_type',
      'kinesis_metadata must be an object',
      '/kinesis_metadata',
    );
  const lineage =
    nonEmptyString(metadata.shard_id, '/kinesis_metadata/shard_id', 'kinesis_metadata.shard_id') ??
    nonEmptyString(
      metadata.sequence_number,
      '/kinesis_metadata/sequence_number',
      'kinesis_metadata.sequence_number',
    ) ??
    nonEmptyString(line.processed_timestamp, '/processed_timestamp', 'processed_timestamp') ??
    (isObject(line.metadata)
      ? nonEmptyString(line.metadata.raw_object, '/metadata/raw_object', 'metadata.raw_object')
      : fail('missing_field', 'missing required field metadata.raw_object', '/metadata/raw_object'));
  if (lineage !== undefined) return lineage;
  if (Number.isNaN(Date.parse(line.processed_timestamp as string)))
    return fail('bad_timestamp', 'processed_timestamp must be an ISO 8601 time', '/processed_timestamp');
  if (!isObject(line.enriched_data))
    return fail(
      line.enriched_data === undefined ? 'missing_field' : 'wrong_type',
      'enriched_data must be an object',
      '/enriched_data',
    );
  // The event as the producer sent it, validated against the contract like at ingest.
  const event: Record<string, unknown> = {
    event_type: line.event_type,
    timestamp: line.original_timestamp,
    data: line.original_data,
  };
  if (line.event_id !== undefined) event.event_id = line.event_id;
  if (line.source !== undefined) event.source = line.source;
  const validated = validateEvent(event);
  if (!validated.ok) {
    const { path } = validated.error;
    // Name the fields as the processed line spells them.
    const renamed = path.startsWith('/timestamp')
      ? `/original_timestamp${path.slice('/timestamp'.length)}`
      : path.startsWith('/data')
        ? `/original_data${path.slice('/data'.length)}`
        : path;
    return { ok: false, error: { ...validated.error, path: renamed } };
  }
  return { ok: true, line: line as unknown as ProcessedLine };
}
