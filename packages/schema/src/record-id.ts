import { hash } from 'node:crypto';

export interface RecordIdentity {
  /** The producer's `event_id`, when the event has one. */
  eventId?: string | undefined;
  shardId: string;
  sequenceNumber: string;
}

/**
 * The full SHA-256 (64 hex) of a record's stable identity: its `event_id` when present,
 * else its position in the stream. Identical on every retry, replay and redrive, so any
 * reader can drop duplicates by it. The prefixes keep the two kinds of identity apart.
 */
export function recordId({ eventId, shardId, sequenceNumber }: RecordIdentity): string {
  const identity = eventId !== undefined ? `event_id:${eventId}` : `kinesis:${shardId}:${sequenceNumber}`;
  // One-shot hash: about half the cost of createHash().update().digest() per record.
  return hash('sha256', identity, 'hex');
}
