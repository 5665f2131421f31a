/**
 * The message a Kinesis event source mapping sends to its on-failure destination when it
 * discards a batch: metadata only (shard and sequence range), never the records themselves,
 * in the format AWS documents ("Retain discarded batch records for a Kinesis Data Streams
 * event source").
 */
import type { ShardRecord } from './lambda-event.js';

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface KinesisFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DiscardCondition;
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: string;
    functionError?: 'Unhandled';
  };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

interface DiscardedBatch {
  records: readonly ShardRecord[];
  requestId: string;
  functionArn: string;
  streamArn: string;
  condition: DiscardCondition;
  invokeCount: number;
  /** Whether the last attempt threw (rather than reporting failed items). */
  functionError: boolean;
  now?: Date;
}

export function kinesisFailureRecord(batch: DiscardedBatch): KinesisFailureRecord {
  const first = batch.records[0];
  const last = batch.records[batch.records.length - 1];
  if (first === undefined || last === undefined)
    throw new RangeError('a discarded batch has at least one record');
  return {
    requestContext: {
      requestId: batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(batch.functionError ? { functionError: 'Unhandled' as const } : {}),
    },
    version: '1.0',
    timestamp: (batch.now ?? new Date()).toISOString(),
    KinesisBatchInfo: {
      shardId: first.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: first.approximateArrivalTimestamp.toISOString(),
      approximateArrivalOfLastRecord: last.approximateArrivalTimestamp.toISOString(),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}
