/**
 * The record id of any line of the lake, the one way to tell which record a line is about:
 * a processed line carries it (`record_id`); an ingest quarantine line has its stream
 * position; a transform quarantine line has the raw line it kept (its `event_id`, else its
 * position). Lenient on purpose: it needs only those fields, so that a line that fails its
 * parser (what quarantine is for) is still accounted for.
 */

import { isPlainObject } from '../plain-object.js';
import { recordId } from '../record-id.js';

export interface LineIdentity {
  /** The record id (recordId). */
  id: string;
  /** The quarantine reason, for a quarantine line. */
  code?: string;
  /** When the record reached the stream (epoch ms), for a processed line. */
  arrivedAt?: number;
}

function positionId(metadata: unknown): string | undefined {
  if (!isPlainObject(metadata)) return undefined;
  const { shard_id: shardId, sequence_number: sequenceNumber } = metadata;
  if (typeof shardId !== 'string' || typeof sequenceNumber !== 'string') return undefined;
  return recordId({ shardId, sequenceNumber });
}

/** The id of the raw line a transform quarantine line kept, when it can be read. */
function rawLineId(text: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(raw)) return undefined;
  if (typeof raw.event_id === 'string')
    return recordId({ eventId: raw.event_id, shardId: '', sequenceNumber: '' });
  return positionId(raw.kinesis_metadata);
}

/** The identity of a parsed lake line, or undefined when it names no record. */
export function identifyLine(line: Record<string, unknown>): LineIdentity | undefined {
  if (typeof line.record_id === 'string') {
    const arrival = isPlainObject(line.kinesis_metadata)
      ? line.kinesis_metadata.approximate_arrival_timestamp
      : undefined;
    return { id: line.record_id, ...(typeof arrival === 'number' ? { arrivedAt: arrival * 1000 } : {}) };
  }
  const id = typeof line.line === 'string' ? rawLineId(line.line) : positionId(line.kinesis_metadata);
  if (id === undefined) return undefined;
  const code = isPlainObject(line.error) && typeof line.error.code === 'string' ? line.error.code : undefined;
  return { id, ...(code ? { code } : {}) };
}
