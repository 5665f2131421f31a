/** A Kinesis record as the ingest function sees it: its bytes and where it came from. */
import type { KinesisMetadata } from '@event-pipeline/schema';
import type { KinesisStreamRecord } from 'aws-lambda';

export interface DecodedRecord {
  bytes: Buffer;
  metadata: KinesisMetadata;
}

/** `shardId-000000000000:4959...` -> `shardId-000000000000`. */
export function shardIdOf(eventID: string): string {
  return eventID.slice(0, eventID.lastIndexOf(':'));
}

/** Where the record was on the stream, as the lines carry it (`shardId`: its eventID's, shardIdOf). */
export function metadataOf(record: KinesisStreamRecord, shardId: string): KinesisMetadata {
  const { kinesis } = record;
  return {
    shard_id: shardId,
    sequence_number: kinesis.sequenceNumber,
    partition_key: kinesis.partitionKey,
    approximate_arrival_timestamp: kinesis.approximateArrivalTimestamp,
  };
}

/** The farthest a Date reaches from the epoch, in ms either way (ECMA-262's time value range). */
const MAX_DATE_MS = 8.64e15;

/**
 * Whether `seconds` is an arrival time arrivalOf can make a Date of: finite, and within a
 * Date's range once rounded to the millisecond (beyond it, the Date is invalid and naming the
 * record's quarantine folder after it would throw).
 */
export function isArrivalTimestamp(seconds: number): boolean {
  return Math.abs(Math.round(seconds * 1000)) <= MAX_DATE_MS;
}

/** When the record reached the stream (the event source's epoch seconds, to the millisecond). */
export function arrivalOf(metadata: KinesisMetadata): Date {
  return new Date(Math.round(metadata.approximate_arrival_timestamp * 1000));
}

/**
 * Numeric order of two sequence numbers (decimal strings beyond 2^53). Digit strings of the
 * same length order as text, which is all a batch needs; BigInt settles the rest (leading zeros).
 */
function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function bySequence(a: KinesisStreamRecord, b: KinesisStreamRecord): number {
  return compareSequenceNumbers(a.kinesis.sequenceNumber, b.kinesis.sequenceNumber);
}
