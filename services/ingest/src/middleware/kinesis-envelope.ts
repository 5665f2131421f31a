/**
 * Middy middleware: refuses an invocation whose event is not a Kinesis batch from one shard,
 * before any record is read. Lambda never sends such an event; a hand-made one (invoke local,
 * a test, a redrive tool) gets an error that names the field, instead of a record silently
 * decoded to garbage.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { MiddlewareObj } from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { isArrivalTimestamp } from '../kinesis-record.js';

class InvalidKinesisEventError extends Error {
  override name = 'InvalidKinesisEventError';
  constructor(readonly problems: string[]) {
    super(`not a Kinesis batch: ${problems.join('; ')}`);
  }
}

const NOT_DIGIT = /\D/;
const MAX_SEQUENCE_DIGITS = 128;
// A search for one character outside the alphabet runs about twice as fast as an anchored
// match of the whole string; where `=` may stand is checked apart (isBase64).
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
/** Enough to say what is wrong without flooding the log with a thousand-record batch. */
const MAX_PROBLEMS = 5;

/** 1-128 decimal digits: a search for a non-digit runs about twice as fast as the anchored pattern. */
function isSequenceNumber(text: string): boolean {
  return text.length >= 1 && text.length <= MAX_SEQUENCE_DIGITS && !NOT_DIGIT.test(text);
}

/** Standard base64 (RFC 4648 §4) with its padding: `=` only as the last one or two characters. */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return false;
  const padding = text.indexOf('=');
  return padding === -1 || (padding >= text.length - 2 && text.endsWith('='));
}

/**
 * Where the shard id ends in a well-formed record's eventID (the index of its last `:`), or -1
 * when the record has a problem (recordProblems then names them). The usual case: no closure,
 * no string, each field read once.
 */
function shardIdEnd(record: unknown): number {
  if (!isPlainObject(record) || !isPlainObject(record.kinesis)) return -1;
  const { eventID, kinesis } = record;
  if (typeof eventID !== 'string') return -1;
  const colon = eventID.lastIndexOf(':');
  const { data, sequenceNumber, partitionKey, approximateArrivalTimestamp } = kinesis;
  const wellFormed =
    colon >= 1 &&
    typeof data === 'string' &&
    isBase64(data) &&
    typeof sequenceNumber === 'string' &&
    isSequenceNumber(sequenceNumber) &&
    typeof partitionKey === 'string' &&
    typeof approximateArrivalTimestamp === 'number' &&
    isArrivalTimestamp(approximateArrivalTimestamp);
  return wellFormed ? colon : -1;
}

/** The problems of `Records[index]` (one that shardIdEnd refused). */
function recordProblems(record: unknown, index: number): string[] {
  const at = `Records[${index}]`;
  if (!isPlainObject(record)) return [`${at} must be an object`];
  const problems: string[] = [];
  const problem = (text: string): void => {
    problems.push(`${at}${text}`);
  };
  const { eventID, kinesis } = record;
  if (typeof eventID !== 'string' || eventID.lastIndexOf(':') < 1)
    problem('.eventID must be "<shard id>:<sequence number>"');
  if (!isPlainObject(kinesis)) {
    problem('.kinesis must be an object');
    return problems;
  }
  if (typeof kinesis.data !== 'string' || !isBase64(kinesis.data))
    problem('.kinesis.data must be a base64 string');
  if (typeof kinesis.sequenceNumber !== 'string' || !isSequenceNumber(kinesis.sequenceNumber))
    problem('.kinesis.sequenceNumber must be a string of decimal digits');
  if (typeof kinesis.partitionKey !== 'string') problem('.kinesis.partitionKey must be a string');
  if (
    typeof kinesis.approximateArrivalTimestamp !== 'number' ||
    !isArrivalTimestamp(kinesis.approximateArrivalTimestamp)
  )
    problem('.kinesis.approximateArrivalTimestamp must be epoch seconds');
  return problems;
}

/** Every problem of the event as a Kinesis batch (empty when it is one). */
export function kinesisEventProblems(event: unknown): string[] {
  if (!isPlainObject(event) || !Array.isArray(event.Records))
    return ['the event must be an object with a Records array'];
  const records: unknown[] = event.Records;
  const problems: string[] = [];
  const shards = new Set<string>();
  let lastShard: string | undefined;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    const colon = shardIdEnd(record);
    if (colon === -1) {
      problems.push(...recordProblems(record, index));
      continue;
    }
    const { eventID } = record as { eventID: string };
    // Most records share the previous one's shard (comparing its slice costs less than startsWith).
    const shard = eventID.slice(0, colon);
    if (shard !== lastShard) {
      lastShard = shard;
      shards.add(shard);
    }
  }
  // One shard per batch is what makes checkpointing at a sequence number meaningful.
  if (shards.size > 1) problems.push(`all records must come from one shard, got ${[...shards].join(', ')}`);
  return problems;
}

export function kinesisEnvelope(): MiddlewareObj<KinesisStreamEvent> {
  return {
    before: async (request) => {
      const problems = kinesisEventProblems(request.event);
      if (problems.length > 0) {
        const shown = problems.slice(0, MAX_PROBLEMS);
        if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more`);
        throw new InvalidKinesisEventError(shown);
      }
    },
  };
}
