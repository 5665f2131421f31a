/**
 * Middy middleware: refuses an invocation whose event is not a Kinesis batch from one shard,
 * before any record is read. Lambda never sends such an event; a hand-made one (invoke local,
 * a test, a redrive tool) gets an error that names the field, instead of a record silently
 * decoded to garbage.
 */
import type { MiddlewareObj } from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { shardIdOf } from '../kinesis-record.js';

export class InvalidKinesisEventError extends Error {
  override name = 'InvalidKinesisEventError';
  constructor(readonly problems: string[]) {
    super(`not a Kinesis batch: ${problems.join('; ')}`);
  }
}

const SEQUENCE_NUMBER = /^\d{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Enough to say what is wrong without flooding the log with a thousand-record batch. */
const MAX_PROBLEMS = 5;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function recordProblems(record: unknown, at: string): string[] {
  if (!isObject(record)) return [`${at} must be an object`];
  const problems: string[] = [];
  const { eventID, kinesis } = record;
  if (typeof eventID !== 'string' || eventID.lastIndexOf(':') < 1)
    problems.push(`${at}.eventID must be "<shard id>:<sequence number>"`);
  if (!isObject(kinesis)) return [...problems, `${at}.kinesis must be an object`];
  if (typeof kinesis.data !== 'string' || kinesis.data.length % 4 !== 0 || !BASE64.test(kinesis.data))
    problems.push(`${at}.kinesis.data must be a base64 string`);
  if (typeof kinesis.sequenceNumber !== 'string' || !SEQUENCE_NUMBER.test(kinesis.sequenceNumber))
    problems.push(`${at}.kinesis.sequenceNumber must be a string of decimal digits`);
  if (typeof kinesis.partitionKey !== 'string') problems.push(`${at}.kinesis.partitionKey must be a string`);
  if (
    typeof kinesis.approximateArrivalTimestamp !== 'number' ||
    !Number.isFinite(kinesis.approximateArrivalTimestamp)
  )
    problems.push(`${at}.kinesis.approximateArrivalTimestamp must be epoch seconds`);
  return problems;
}

/** Every problem of the event as a Kinesis batch (empty when it is one). */
export function kinesisEventProblems(event: unknown): string[] {
  if (!isObject(event) || !Array.isArray(event.Records))
    return ['the event must be an object with a Records array'];
  const problems: string[] = [];
  const shards = new Set<string>();
  event.Records.forEach((record: unknown, index) => {
    const found = recordProblems(record, `Records[${index}]`);
    problems.push(...found);
    if (found.length === 0) shards.add(shardIdOf((record as { eventID: string }).eventID));
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
