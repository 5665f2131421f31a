/**
 * Middy middleware: refuses an invocation whose event is not a Kinesis batch from one shard,
 * before any record is read. Lambda never sends such an event; a hand-made one (invoke local,
 * a test, a redrive tool) gets an error that names the field, instead of a record silently
 * decoded to garbage.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { MiddlewareObj } from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { shardIdOf } from '../kinesis-record.js';

class InvalidKinesisEventError extends Error {
  override name = 'InvalidKinesisEventError';
  constructor(readonly problems: string[]) {
    super(`not a Kinesis batch: ${problems.join('; ')}`);
  }
}

const SEQUENCE_NUMBER = /^\d{1,128}$/;
// A search for one character outside the alphabet runs about twice as fast as an anchored
// match of the whole string; where `=` may stand is checked apart (isBase64).
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
/** Enough to say what is wrong without flooding the log with a thousand-record batch. */
const MAX_PROBLEMS = 5;

/** Standard base64 (RFC 4648 §4) with its padding: `=` only as the last one or two characters. */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return false;
  const padding = text.indexOf('=');
  return padding === -1 || (padding >= text.length - 2 && text.endsWith('='));
}

/** The problems of `Records[index]`, or undefined when it has none (the usual case costs nothing). */
function recordProblems(record: unknown, index: number): string[] | undefined {
  const at = () => `Records[${index}]`;
  if (!isPlainObject(record)) return [`${at()} must be an object`];
  let problems: string[] | undefined;
  const problem = (text: string): void => {
    problems ??= [];
    problems.push(`${at()}${text}`);
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
  if (typeof kinesis.sequenceNumber !== 'string' || !SEQUENCE_NUMBER.test(kinesis.sequenceNumber))
    problem('.kinesis.sequenceNumber must be a string of decimal digits');
  if (typeof kinesis.partitionKey !== 'string') problem('.kinesis.partitionKey must be a string');
  if (
    typeof kinesis.approximateArrivalTimestamp !== 'number' ||
    !Number.isFinite(kinesis.approximateArrivalTimestamp)
  )
    problem('.kinesis.approximateArrivalTimestamp must be epoch seconds');
  return problems;
}

/** Every problem of the event as a Kinesis batch (empty when it is one). */
export function kinesisEventProblems(event: unknown): string[] {
  if (!isPlainObject(event) || !Array.isArray(event.Records))
    return ['the event must be an object with a Records array'];
  const problems: string[] = [];
  const shards = new Set<string>();
  let lastShard: string | undefined;
  event.Records.forEach((record: unknown, index) => {
    const found = recordProblems(record, index);
    if (found !== undefined) {
      problems.push(...found);
      return;
    }
    const { eventID } = record as { eventID: string };
    // Most records share the previous one's shard: a prefix check instead of a new string.
    const sameShard =
      lastShard !== undefined &&
      eventID.lastIndexOf(':') === lastShard.length &&
      eventID.startsWith(lastShard);
    if (!sameShard) {
      lastShard = shardIdOf(eventID);
      shards.add(lastShard);
    }
  });
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
