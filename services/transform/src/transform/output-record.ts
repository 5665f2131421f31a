/** The processed line, field for field as design.md §5 shows it. */
import { recordId } from '@event-pipeline/schema';
import { type EnrichedData, enrich } from './enrich.js';
import type { KinesisMetadata, RawLineEvent } from './raw-line.js';
import type { Thresholds } from './thresholds.js';

export interface OutputRecord {
  record_id: string;
  event_type: RawLineEvent['event_type'];
  original_timestamp: string;
  original_data: RawLineEvent['data'];
  enriched_data: EnrichedData;
  kinesis_metadata: KinesisMetadata;
  processed_timestamp: string;
  metadata: {
    source: 'kinesis-stream';
    processing_stage: 'transformed';
    version: '1.0';
    /** Lineage: the raw object the record was read from, `s3://<bucket>/<key>`. */
    raw_object: string;
  };
}

export interface OutputContext {
  /** `s3://<raw bucket>/<key>` of the object being transformed. */
  rawObject: string;
  /** ISO time of this processing run (one per object, so a file's lines agree). */
  processedAt: string;
  thresholds: Thresholds;
}

export function buildOutputRecord(event: RawLineEvent, context: OutputContext): OutputRecord {
  const { kinesis_metadata: kinesisMetadata } = event;
  return {
    record_id: recordId({
      eventId: event.event_id,
      shardId: kinesisMetadata.shard_id,
      sequenceNumber: kinesisMetadata.sequence_number,
    }),
    event_type: event.event_type,
    original_timestamp: event.timestamp,
    original_data: event.data,
    enriched_data: enrich(event, context.thresholds),
    kinesis_metadata: kinesisMetadata,
    processed_timestamp: context.processedAt,
    metadata: {
      source: 'kinesis-stream',
      processing_stage: 'transformed',
      version: '1.0',
      raw_object: context.rawObject,
    },
  };
}
