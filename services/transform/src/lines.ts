/**
 * The lines the transformer writes (formats in the schema package): one raw line in, its
 * processed line or the reason to quarantine it out. Pure.
 */
import {
  type ProcessedLine,
  parseRawLine,
  type QuarantineError,
  type RawLine,
  recordId,
  type TransformQuarantineLine,
} from '@event-pipeline/schema';
import { type EnrichedData, enrich } from './enrichment/enrich.js';
import type { Thresholds } from './enrichment/thresholds.js';

export type TransformedLine = ProcessedLine<EnrichedData>;

export interface LineContext {
  /** `s3://<raw bucket>/<key>` of the object being transformed. */
  rawObject: string;
  /** ISO time of this processing run (one per object, so a file's lines agree). */
  processedAt: string;
  thresholds: Thresholds;
}

export type LineOutcome = { ok: true; line: TransformedLine } | { ok: false; error: QuarantineError };

/**
 * The processed line of a raw line, field for field as docs/architecture.md §5 shows it; the
 * event's optional `event_id` and `source` are carried when it has them (the curated columns of §8).
 */
export function processedLine(raw: RawLine, context: LineContext): TransformedLine {
  const { kinesis_metadata: kinesisMetadata } = raw;
  return {
    record_id: recordId({
      eventId: raw.event_id,
      shardId: kinesisMetadata.shard_id,
      sequenceNumber: kinesisMetadata.sequence_number,
    }),
    ...(raw.event_id === undefined ? {} : { event_id: raw.event_id }),
    event_type: raw.event_type,
    original_timestamp: raw.timestamp,
    ...(raw.source === undefined ? {} : { source: raw.source }),
    original_data: raw.data,
    enriched_data: enrich(raw, context.thresholds),
    kinesis_metadata: kinesisMetadata,
    processed_timestamp: context.processedAt,
    metadata: {
      source: 'kinesis-stream',
      processing_stage: 'transformed',
      version: '1.0',
      raw_object: context.rawObject,
    },
  };
}

/** A raw line that the contract refuses is quarantined with the reason; one whose enrichment throws (a bug), too. */
export function transformLine(text: string, context: LineContext): LineOutcome {
  const parsed = parseRawLine(text);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, line: processedLine(parsed.line, context) };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'transform_failed',
        message: `could not transform: ${(error as Error).message}`,
        path: '',
      },
    };
  }
}

/** A raw line that could not be transformed, kept whole with why and where it came from. */
export function quarantineLine(input: {
  error: QuarantineError;
  rawObject: string;
  lineNumber: number;
  quarantinedAt: string;
  line: string;
}): TransformQuarantineLine {
  return {
    error: input.error,
    raw_object: input.rawObject,
    line_number: input.lineNumber,
    quarantined_at: input.quarantinedAt,
    line: input.line,
  };
}
