/**
 * A line of a raw object: the event as the producer sent it plus the `kinesis_metadata`
 * the ingest service added (design.md §4). Parsing re-validates the event against the
 * contract: the raw lake is written by ingest, but a line that no longer satisfies the
 * contract (hand-made object, schema drift, corruption) is quarantined, not transformed.
 */
import { type PipelineEvent, type ValidationError, validateEvent } from '@event-pipeline/schema';

export interface KinesisMetadata {
  shard_id: string;
  sequence_number: string;
  partition_key?: string;
  approximate_arrival_timestamp?: number | string;
  [field: string]: unknown;
}

export type RawLineEvent = PipelineEvent & { kinesis_metadata: KinesisMetadata };

export type RawLineResult = { ok: true; event: RawLineEvent } | { ok: false; error: ValidationError };

const REQUIRED_METADATA = ['shard_id', 'sequence_number'] as const;

function fail(code: ValidationError['code'], message: string, path: string): RawLineResult {
  return { ok: false, error: { code, message, path } };
}

export function parseRawLine(line: string): RawLineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail('not_json', `the line is not valid JSON: ${(error as Error).message}`, '');
  }
  const result = validateEvent(value, line);
  if (!result.ok) return result;
  const metadata = (result.event as { kinesis_metadata?: unknown }).kinesis_metadata;
  if (metadata === undefined) {
    return fail(
      'missing_field',
      'missing required field kinesis_metadata (added by ingest)',
      '/kinesis_metadata',
    );
  }
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return fail('wrong_type', 'kinesis_metadata must be an object', '/kinesis_metadata');
  }
  for (const field of REQUIRED_METADATA) {
    const fieldValue = (metadata as Record<string, unknown>)[field];
    const path = `/kinesis_metadata/${field}`;
    if (fieldValue === undefined)
      return fail('missing_field', `missing required field kinesis_metadata.${field}`, path);
    if (typeof fieldValue !== 'string' || fieldValue === '') {
      return fail('wrong_type', `kinesis_metadata.${field} must be a non-empty string`, path);
    }
  }
  return { ok: true, event: result.event as RawLineEvent };
}
