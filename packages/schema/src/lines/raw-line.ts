/**
 * A line of a raw object (docs/architecture.md §4): the event as the producer sent it, plus
 * the `kinesis_metadata` ingest added. Parsing validates the event again: the raw lake is
 * written by ingest, but a line that no longer satisfies the contract (a hand-made object,
 * schema drift, corruption) must be refused, not trusted.
 */
import type { PipelineEvent } from '../types.js';
import { validateEvent } from '../validate.js';
import { type KinesisMetadata, kinesisMetadataError } from './kinesis-metadata.js';
import { type LineResult, parseLineJson } from './line-result.js';

export type RawLine = PipelineEvent & { kinesis_metadata: KinesisMetadata };

export function parseRawLine(text: string): LineResult<RawLine> {
  const parsed = parseLineJson(text);
  if (!parsed.ok) return parsed;
  // With the text: duplicate keys can only be seen there.
  const result = validateEvent(parsed.value, text);
  if (!result.ok) return result;
  const error = kinesisMetadataError(result.event);
  if (error !== undefined) return { ok: false, error };
  return { ok: true, line: result.event as RawLine };
}
