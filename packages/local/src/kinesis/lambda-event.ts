/**
 * Kinesis records as Lambda hands them to a function: the exact `KinesisStreamEvent` shape
 * (base64 data, `eventID` = `<shard id>:<sequence number>`, arrival time in epoch seconds).
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

/** A record read from a shard, with the shard it came from. */
export interface ShardRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
  approximateArrivalTimestamp: Date;
}

export function fromGetRecords(shardId: string, record: KinesisRecord): ShardRecord {
  return {
    shardId,
    sequenceNumber: record.SequenceNumber!,
    partitionKey: record.PartitionKey!,
    data: record.Data ?? new Uint8Array(),
    approximateArrivalTimestamp: record.ApproximateArrivalTimestamp ?? new Date(),
  };
}

export interface StreamIdentity {
  streamArn: string;
  region: string;
  /** The role Lambda assumes to read the stream (`invokeIdentityArn`). */
  roleArn: string;
}

export function toLambdaRecord(record: ShardRecord, stream: StreamIdentity): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString('base64'),
      approximateArrivalTimestamp: record.approximateArrivalTimestamp.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${record.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: stream.roleArn,
    awsRegion: stream.region,
    eventSourceARN: stream.streamArn,
  };
}

export function toLambdaEvent(records: readonly ShardRecord[], stream: StreamIdentity): KinesisStreamEvent {
  return { Records: records.map((record) => toLambdaRecord(record, stream)) };
}

/** Bytes the batch takes in the invocation payload (base64 data plus the record envelope). */
export function payloadBytes(record: ShardRecord): number {
  const ENVELOPE_BYTES = 600;
  return Math.ceil(record.data.length / 3) * 4 + record.partitionKey.length + ENVELOPE_BYTES;
}
