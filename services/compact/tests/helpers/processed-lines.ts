/**
 * Processed lines as the transformer writes them: its own processedLine over sample events
 * of the schema's generator (the one import of services/transform's code by these tests).
 */
import { type EventType, type PipelineEvent, partitionPath, sampleBatch } from '@event-pipeline/schema';
import { DEFAULT_THRESHOLDS, processedLine, type TransformedLine } from '@event-pipeline/transform';

export const RAW_BUCKET = 'event-pipeline-test-raw';
export const HOUR = '2024-01-15T10:00:00.000Z';

export interface LineOptions {
  eventType?: EventType;
  /** Events are spread over the hour that starts here. */
  hour?: string;
  seed?: number;
  processedAt?: string;
  /** The raw object the lines were transformed from. */
  rawObject?: string;
  shardId?: string;
}

/** `count` events of one type within one hour (newest last), from the deterministic generator. */
export function sampleEvents(count: number, options: LineOptions = {}): PipelineEvent[] {
  const eventType = options.eventType ?? 'transaction';
  const start = Date.parse(options.hour ?? HOUR);
  const events: PipelineEvent[] = [];
  // About a quarter of the samples have the type; their clock spreads them over the hour.
  const samples = sampleBatch(count * 6 + 50, {
    seed: options.seed ?? 3,
    clock: (i) => new Date(start + ((i * 7919) % 3_600_000)),
  });
  for (const sample of samples) {
    if (sample.valid && sample.event.event_type === eventType) events.push(sample.event);
    if (events.length === count) break;
  }
  if (events.length < count) throw new Error(`only ${events.length} ${eventType} samples`);
  return events;
}

export function processedRecord(
  event: PipelineEvent,
  index: number,
  options: LineOptions = {},
): TransformedLine {
  const shardId = options.shardId ?? 'shardId-000000000000';
  return processedLine(
    {
      ...event,
      kinesis_metadata: {
        shard_id: shardId,
        sequence_number: `4965${String(index).padStart(52, '0')}`,
        partition_key: String(event.event_id ?? index),
        approximate_arrival_timestamp: Date.parse(event.timestamp) / 1000 + 0.25,
      },
    },
    {
      rawObject:
        options.rawObject ??
        `s3://${RAW_BUCKET}/raw/${partitionPath(event)}/data_${shardId}_${String(index).padStart(6, '0')}.json`,
      processedAt: options.processedAt ?? new Date(Date.parse(event.timestamp) + 2_000).toISOString(),
      thresholds: DEFAULT_THRESHOLDS,
    },
  );
}

/** Processed line texts for `events`. */
export function processedLines(events: readonly PipelineEvent[], options: LineOptions = {}): string[] {
  return events.map((event, index) => JSON.stringify(processedRecord(event, index, options)));
}

export function partitionOf(event: PipelineEvent): string {
  return partitionPath(event);
}
