/** A Kinesis record as the ingest function sees it: its bytes and where it came from. */
import type { KinesisStreamRecord } from 'aws-lambda';

/** Added to every line written to the lake, so any line leads back to its stream record. */
export interface KinesisMetadata {
  shard_id: string;
  sequence_number: string;
  partition_key: string;
  /** Epoch seconds (with milliseconds), exactly as the event source reports it. */
  approximate_arrival_timestamp: number;
}

export interface DecodedRecord {
  bytes: Buffer;
  metadata: KinesisMetadata;
  /** The sequence number as a number, for ordering (Kinesis sequence numbers exceed 2^53). */
  sequence: bigint;
  arrivedAt: Date;
}

/** `shardId-000000000000:4959...` -> `shardId-000000000000`. */
export function shardIdOf(eventID: string): string {
  return eventID.slice(0, eventID.lastIndexOf(':'));
}

export function decodeRecord(record: KinesisStreamRecord): DecodedRecord {
  const { kinesis } = record;
  return {
    bytes: Buffer.from(kinesis.data, 'base64'),
    metadata: {
      shard_id: shardIdOf(record.eventID),
      sequence_number: kinesis.sequenceNumber,
      partition_key: kinesis.partitionKey,
      approximate_arrival_timestamp: kinesis.approximateArrivalTimestamp,
    },
    sequence: BigInt(kinesis.sequenceNumber),
    arrivedAt: new Date(Math.round(kinesis.approximateArrivalTimestamp * 1000)),
  };
}

export function bySequence(a: { sequence: bigint }, b: { sequence: bigint }): number {
  return a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0;
}
