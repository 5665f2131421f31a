/**
 * The inputs the functions are measured on, built the way the pipeline builds them: Kinesis
 * events as Lambda delivers them (packages/local's event shape) from the schema's sample
 * events, raw objects written line by line as ingest writes them, and S3 notifications.
 */
import { jsonLines, rawLine } from '@event-pipeline/ingest';
import { type KinesisMetadata, type Sample, sampleBatch } from '@event-pipeline/schema';
import type { KinesisStreamEvent, S3Event } from 'aws-lambda';
// The modules themselves, not @event-pipeline/local's index: the CPU bench is bundled, and the
// index also pulls in the emulators.
import { type ShardRecord, toLambdaEvent } from '../../packages/local/src/kinesis/lambda-event.js';
import { s3EventRecord } from '../../packages/local/src/s3/notifications.js';
// The tests' stream positions (the module itself: the testing index loads Powertools' Tracer).
import { SHARD_ID, sequenceNumber } from '../../packages/runtime/tests/helpers/stream-positions.js';

export const REGION = 'us-east-1';
export const STREAM = {
  streamArn: `arn:aws:kinesis:${REGION}:123456789012:stream/event-pipeline-bench-stream`,
  region: REGION,
  roleArn: 'arn:aws:iam::123456789012:role/event-pipeline-ingest-bench-processor-role',
};
export const RAW_BUCKET = 'event-pipeline-bench-raw';
export const PROCESSED_BUCKET = 'event-pipeline-bench-processed';
export const LEDGER_TABLE = 'event-pipeline-bench-metadata';
/** Each function's own variables, as its stack sets them (with the bench's buckets and table). */
export const HANDLER_ENV = {
  ingest: { RAW_BUCKET, LEDGER_TABLE, POWERTOOLS_SERVICE_NAME: 'ingest' },
  transform: { PROCESSED_BUCKET, LEDGER_TABLE, POWERTOOLS_SERVICE_NAME: 'transform' },
  compact: { PROCESSED_BUCKET, LEDGER_TABLE, POWERTOOLS_SERVICE_NAME: 'compact' },
};
/** A raw object's key, as ingest names them (the transformer only reads `raw/**.json`). */
export const RAW_KEY =
  'raw/event_type=transaction/year=2024/month=01/day=15/hour=10/data_shardId-000000000000_1_2.json';

const ARRIVAL_LAG_MS = 250;

/** `count` valid sample events (every event type, the generator's clock: one every 100 ms). */
export function validSamples(count: number, seed = 7): Array<Extract<Sample, { valid: true }>> {
  return sampleBatch(count, { seed }) as Array<Extract<Sample, { valid: true }>>;
}

/** The samples as records of one shard, in sequence order, each arriving 250 ms after its timestamp. */
export function shardRecords(samples: readonly Extract<Sample, { valid: true }>[]): ShardRecord[] {
  return samples.map((sample, index) => ({
    shardId: SHARD_ID,
    sequenceNumber: sequenceNumber(index),
    partitionKey: sample.partitionKey,
    data: sample.bytes,
    approximateArrivalTimestamp: new Date(Date.parse(sample.event.timestamp) + ARRIVAL_LAG_MS),
  }));
}

export function kinesisEvent(records: readonly ShardRecord[]): KinesisStreamEvent {
  return toLambdaEvent(records, STREAM);
}

/** The lines ingest writes (its own `rawLine`) for `count` valid sample records of one shard. */
export function sampleRawLines(count: number): string[] {
  const samples = validSamples(count);
  return shardRecords(samples).map((record, index) => {
    const metadata: KinesisMetadata = {
      shard_id: record.shardId,
      sequence_number: record.sequenceNumber,
      partition_key: record.partitionKey,
      approximate_arrival_timestamp: record.approximateArrivalTimestamp.getTime() / 1000,
    };
    // A copy: rawLine takes over the event it is given.
    return rawLine({ ...samples[index]!.event }, metadata);
  });
}

/** A raw object's bytes, as ingest joins its lines. */
export function rawObject(lines: readonly string[]): Buffer {
  return Buffer.from(jsonLines(lines));
}

/** A raw object of `count` valid sample records, as ingest writes it. */
export function sampleRawObject(count: number): Buffer {
  return rawObject(sampleRawLines(count));
}

/** The notification S3 sends the transformer when `key` is written to the raw bucket. */
export function s3Event(key: string, size: number): S3Event {
  return {
    Records: [
      s3EventRecord(
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: {
            bucket: { name: RAW_BUCKET },
            object: { key, size, eTag: '9b2cf535f27731c974343645a3985328', sequencer: '0065A4E2D3B5C1A2F0' },
          },
        },
        REGION,
        'raw-objects',
      ),
    ],
  };
}

/** The event EventBridge sends the compactor on its schedule (its content does not matter to it). */
export function scheduledEvent(): Record<string, unknown> {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:123456789012:rule/event-pipeline-compact-bench-compactor`],
    detail: {},
  };
}
