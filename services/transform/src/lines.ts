/**
 * The lines the transformer writes (formats in the schema package): one raw line in, its
 * processed line or the reason to quarantine it out. Pure.
 */
import {
  jsonString,
  kinesisMetadataText,
  type ProcessedLine,
  type ProcessedLineMetadata,
  parseRawLine,
  type QuarantineError,
  type RawLine,
  recordId,
  type TransformQuarantineLine,
} from '@event-pipeline/schema';
import {
  type EnrichedData,
  type EnrichmentFields,
  enrich,
  enrichmentFields,
  enrichmentMembersJson,
} from './enrichment/enrich.js';
import type { Thresholds } from './enrichment/thresholds.js';

export type TransformedLine = ProcessedLine<EnrichedData>;

export interface LineContext {
  /** `s3://<raw bucket>/<key>` of the object being transformed. */
  rawObject: string;
  /** ISO time of this processing run (one per object, so a file's lines agree). */
  processedAt: string;
  thresholds: Thresholds;
}

/** A raw line transformed: its processed line's text, and what the object's figures need of it. */
export interface Transformed {
  ok: true;
  /** The processed line as JSON: byte for byte `JSON.stringify(processedLine(raw, context))`. */
  text: string;
  enrichment: EnrichmentFields;
  /** The event's own timestamp. */
  timestamp: string;
}

export type LineOutcome = Transformed | { ok: false; error: QuarantineError };

/** The processed line's `metadata`: where the record came from and what made the line. */
function lineMetadata(rawObject: string): ProcessedLineMetadata {
  return { source: 'kinesis-stream', processing_stage: 'transformed', version: '1.0', raw_object: rawObject };
}

/**
 * The processed line of a raw line, field for field as docs/architecture.md §5 shows it; the
 * event's optional `event_id` and `source` are carried when it has them (the curated columns of §8).
 */
export function processedLine(raw: RawLine, context: LineContext): TransformedLine {
  const { kinesis_metadata: kinesisMetadata } = raw;
  return {
    record_id: recordIdOf(raw),
    ...(raw.event_id === undefined ? {} : { event_id: raw.event_id }),
    event_type: raw.event_type,
    original_timestamp: raw.timestamp,
    ...(raw.source === undefined ? {} : { source: raw.source }),
    original_data: raw.data,
    enriched_data: enrich(raw, context.thresholds),
    kinesis_metadata: kinesisMetadata,
    processed_timestamp: context.processedAt,
    metadata: lineMetadata(context.rawObject),
  };
}

function recordIdOf(raw: RawLine): string {
  const { kinesis_metadata: kinesisMetadata } = raw;
  return recordId({
    eventId: raw.event_id,
    shardId: kinesisMetadata.shard_id,
    sequenceNumber: kinesisMetadata.sequence_number,
  });
}

/** The text every processed line of an object ends with, made once per object (the last context's). */
let lastTail: { context: LineContext; text: string } | undefined;
function tailOf(context: LineContext): string {
  if (lastTail?.context !== context) {
    const text = `,"processed_timestamp":${JSON.stringify(context.processedAt)},"metadata":${JSON.stringify(lineMetadata(context.rawObject))}}`;
    lastTail = { context, text };
  }
  return lastTail.text;
}

/**
 * `enriched_data` as JSON from the data's JSON: the data's members, then the enrichment's. An
 * enrichment field the data already has is replaced in its place (as `enrich` does): then the
 * merged object is serialised instead.
 */
function enrichedDataJson(data: object, dataJson: string, enrichment: EnrichmentFields): string {
  for (const key in enrichment)
    if (Object.hasOwn(data, key)) return JSON.stringify({ ...data, ...enrichment });
  const members = enrichmentMembersJson(enrichment);
  return dataJson.length === 2 ? `{${members.slice(1)}}` : `${dataJson.slice(0, -1)}${members}}`;
}

/**
 * processedLine's text without building the line: the data is serialised once for
 * `original_data` and `enriched_data`, and the object's tail is written once. `event_type` and
 * `timestamp` are quoted as they are: the schema lets them hold no character JSON escapes (an
 * enum, and the event-time pattern).
 */
function processedLineText(raw: RawLine, context: LineContext, enrichment: EnrichmentFields): string {
  const dataJson = JSON.stringify(raw.data);
  const eventId = raw.event_id === undefined ? '' : `,"event_id":${jsonString(raw.event_id)}`;
  const source = raw.source === undefined ? '' : `,"source":${jsonString(raw.source)}`;
  return `{"record_id":"${recordIdOf(raw)}"${eventId},"event_type":"${raw.event_type}","original_timestamp":"${raw.timestamp}"${source},"original_data":${dataJson},"enriched_data":${enrichedDataJson(raw.data, dataJson, enrichment)},"kinesis_metadata":${kinesisMetadataText(raw.kinesis_metadata)}${tailOf(context)}`;
}

/** A raw line that the contract refuses is quarantined with the reason; one whose enrichment throws (a bug), too. */
export function transformLine(text: string, context: LineContext): LineOutcome {
  const parsed = parseRawLine(text);
  if (!parsed.ok) return parsed;
  const raw = parsed.line;
  try {
    const enrichment = enrichmentFields(raw, context.thresholds);
    return {
      ok: true,
      text: processedLineText(raw, context, enrichment),
      enrichment,
      timestamp: raw.timestamp,
    };
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
