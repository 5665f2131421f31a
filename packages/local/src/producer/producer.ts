/**
 * Sends sample events to a Kinesis stream at a steady rate: batch k of the run is due at
 * k * batchSize / rate seconds, at most `concurrency` PutRecords calls are in flight, and a
 * record is counted as sent only once Kinesis has acknowledged it. Partition keys are the
 * events' own random ids, so records spread over every shard.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { generateSamples, recordId, type Sample } from '@event-pipeline/schema';
import {
  chunkEntries,
  DEFAULT_RETRY,
  type PutStats,
  putRecordsWithRetry,
  type RetryPolicy,
} from './put-records.js';
import { type ProducerSettings, STREAMABLE_ERROR_CODES } from './settings.js';

/** A record Kinesis accepted, with what the pipeline must make of it. */
export interface ProducedRecord {
  /** The id the pipeline's outputs carry (docs/architecture.md §3). */
  recordId: string;
  shardId: string;
  sequenceNumber: string;
  valid: boolean;
  /** The validation error code an invalid record must be quarantined with. */
  expectedCode?: string;
  /** The event's own timestamp (ms), for valid records. */
  eventTime?: number;
  sentAt: number;
}

export interface ProducerProgress {
  planned: number;
  sent: number;
  failed: number;
  retried: number;
  elapsedMs: number;
}

export interface ProducerStats extends ProducerProgress {
  invalid: number;
  calls: number;
  /** Records per second over max(the planned run, the time to the last acknowledgement). */
  achievedRate: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The error code of each record that could not be sent. */
  failures: Record<string, number>;
}

interface ProducerOptions {
  kinesis: KinesisClient;
  streamName: string;
  settings: ProducerSettings;
  /** Called with each call's accepted records, in order. */
  onSent?: (records: ProducedRecord[]) => void;
  onProgress?: (progress: ProducerProgress) => void;
  /** Stops scheduling new batches (the ones in flight finish). */
  signal?: AbortSignal;
  retry?: RetryPolicy;
  source?: string;
}

/** Nearest-rank percentile of ascending values (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The record Kinesis accepted at `position`, with what the pipeline must make of it. */
export function producedRecord(
  sample: Sample,
  position: { shardId: string; sequenceNumber: string },
  sentAt: number,
): ProducedRecord {
  return sample.valid
    ? {
        recordId: recordId({ eventId: sample.event.event_id, ...position }),
        ...position,
        valid: true,
        eventTime: Date.parse(sample.event.timestamp),
        sentAt,
      }
    : { recordId: recordId(position), ...position, valid: false, expectedCode: sample.code, sentAt };
}

export async function runProducer(options: ProducerOptions): Promise<ProducerStats> {
  const { kinesis, streamName, settings, onSent, onProgress, signal } = options;
  const planned = Math.round(settings.rate * settings.duration);
  const samples = generateSamples({
    seed: settings.seed,
    invalidFraction: settings.invalidFraction,
    invalidCodes: STREAMABLE_ERROR_CODES,
    clock: () => new Date(),
    source: options.source ?? 'local-producer',
  });
  const putStats: PutStats = { callLatenciesMs: [], retried: 0 };
  const failures: Record<string, number> = {};
  let sent = 0;
  let failed = 0;
  let invalid = 0;
  let lastAck = 0;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  const progress = (): ProducerProgress => ({
    planned,
    sent,
    failed,
    retried: putStats.retried,
    elapsedMs: performance.now() - started,
  });

  async function send(batch: Sample[]): Promise<void> {
    for (const chunk of chunkEntries(
      batch.map((sample) => ({ sample, data: sample.bytes, partitionKey: sample.partitionKey })),
    )) {
      const results = await putRecordsWithRetry(
        kinesis,
        streamName,
        chunk,
        putStats,
        options.retry ?? DEFAULT_RETRY,
      );
      const accepted: ProducedRecord[] = [];
      const now = Date.now();
      results.forEach((result, i) => {
        const { sample } = chunk[i]!;
        if (!result.ok) {
          failed++;
          failures[result.errorCode] = (failures[result.errorCode] ?? 0) + 1;
          return;
        }
        sent++;
        if (!sample.valid) invalid++;
        const position = { shardId: result.shardId, sequenceNumber: result.sequenceNumber };
        accepted.push(producedRecord(sample, position, now));
      });
      lastAck = performance.now();
      if (accepted.length > 0) onSent?.(accepted);
      onProgress?.(progress());
    }
  }

  let scheduled = 0;
  for (let batchIndex = 0; scheduled < planned && !signal?.aborted; batchIndex++) {
    const dueMs = ((batchIndex * settings.batchSize) / settings.rate) * 1000;
    const wait = dueMs - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
    if (signal?.aborted) break;
    const size = Math.min(settings.batchSize, planned - scheduled);
    // next(), not for-of: leaving a for-of loop early would end the generator.
    const batch: Sample[] = Array.from({ length: size }, () => samples.next().value as Sample);
    scheduled += size;
    const call = send(batch).finally(() => inFlight.delete(call));
    inFlight.add(call);
  }
  await Promise.all(inFlight);

  // Over the whole planned run; a run cut short (signal) is measured to its last acknowledgement.
  const elapsedMs = signal?.aborted
    ? lastAck - started
    : Math.max(lastAck - started, settings.duration * 1000);
  const latencies = [...putStats.callLatenciesMs].sort((a, b) => a - b);
  return {
    ...progress(),
    elapsedMs: performance.now() - started,
    invalid,
    calls: latencies.length,
    achievedRate: elapsedMs > 0 ? (sent / elapsedMs) * 1000 : 0,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    failures,
  };
}
