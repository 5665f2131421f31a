/** Builders for ingest tests: Kinesis events from schema samples, and the test config. */
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '@event-pipeline/emulators';
import { lambdaContext as contextOf, SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import { type Sample, sampleBatch } from '@event-pipeline/schema';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { IngestConfig } from '../../src/config.js';

// The local stack's stream and the ingest function's role, as `sls invoke local` finds them there.
const STREAM_ARN = `arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/event-pipeline-dev-stream`;
const ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/event-pipeline-ingest-dev-processor-role`;
/** The sample generator's default clock starts here, one event every 100 ms. */
const EPOCH_MS = Date.parse('2024-01-15T10:00:00Z');
const ARRIVAL_LAG_MS = 250;

export interface RecordInput {
  bytes: Buffer;
  partitionKey: string;
}

export interface KinesisEventOptions {
  shardId?: string;
  firstSequence?: bigint;
  /** When the i-th record reached the stream; defaults to the generator's clock plus 250 ms. */
  arrivedAt?: (index: number) => Date;
}

export const defaultArrival = (index: number): Date => new Date(EPOCH_MS + index * 100 + ARRIVAL_LAG_MS);
/** A Kinesis event as Lambda delivers it, one record per input, in sequence order. */
export function kinesisEvent(
  inputs: readonly (Sample | RecordInput)[],
  options: KinesisEventOptions = {},
): KinesisStreamEvent {
  const shardId = options.shardId ?? SHARD_ID;
  const arrivedAt = options.arrivedAt ?? defaultArrival;
  return {
    Records: inputs.map((input, index): KinesisStreamRecord => {
      const sequence = sequenceNumber(index, options.firstSequence);
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: input.partitionKey,
          sequenceNumber: sequence,
          data: input.bytes.toString('base64'),
          approximateArrivalTimestamp: arrivedAt(index).getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${sequence}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: ROLE_ARN,
        awsRegion: LOCAL_REGION,
        eventSourceARN: STREAM_ARN,
      };
    }),
  };
}

/** `count` valid samples (every event type appears in a few dozen). */
export function validSamples(count: number, seed = 7): Sample[] {
  return sampleBatch(count, { seed });
}

export function testConfig(overrides: Partial<IngestConfig> = {}): IngestConfig {
  return {
    rawBucket: 'event-pipeline-test-raw',
    ledgerTable: 'event-pipeline-test-metadata',
    writeConcurrency: 4,
    serviceName: 'ingest-test',
    ...overrides,
  };
}

export const lambdaContext = (): Context => contextOf('event-pipeline-ingest-test-processor');
