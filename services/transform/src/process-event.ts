/**
 * One S3 notification, end to end: each object it names is processed in turn (or skipped
 * with the reason when it is not a raw data object). A failed object fails the invocation,
 * after the other objects had their turn, so that S3's asynchronous invoke retries it twice
 * and then sends it to the DLQ.
 */
import type { MetricsSink, Observability } from '@event-pipeline/runtime';
import type { S3Event } from 'aws-lambda';
import { publishObjectMetrics, publishSkippedMetric } from './metrics.js';
import { isRawDataKey } from './object-keys.js';
import { type ObjectProcessorDeps, processObject } from './process-object.js';
import { type SourceObject, s3Uri, sourceObjects } from './s3-event.js';

export interface EventProcessorDeps {
  objects: ObjectProcessorDeps;
  logger: Pick<Observability['logger'], 'info'>;
  metrics: MetricsSink;
}

export interface TransformedObject {
  source: string;
  destination: string;
  quarantine: string[];
  record_count: number;
  failed_records: number;
}

/** The handler's response: what became of each object of the event. */
export interface TransformSummary {
  transformed: TransformedObject[];
  skipped: Array<{ source: string; reason: string }>;
}

function skipReason(source: SourceObject): string | undefined {
  if (!source.eventName.startsWith('ObjectCreated:')) return `event ${source.eventName} is not ObjectCreated`;
  if (!isRawDataKey(source.key)) return 'the key is not a raw data object (raw/**.json)';
  return undefined;
}

export async function processEvent(
  event: S3Event,
  { objects, logger, metrics }: EventProcessorDeps,
): Promise<TransformSummary> {
  const { processedBucket, now } = objects;
  const summary: TransformSummary = { transformed: [], skipped: [] };
  const failures: Error[] = [];
  for (const source of sourceObjects(event)) {
    const uri = s3Uri(source.bucket, source.key);
    const reason = skipReason(source);
    if (reason !== undefined) {
      logger.info('skipping object', { source: uri, reason });
      publishSkippedMetric(metrics);
      summary.skipped.push({ source: uri, reason });
      continue;
    }
    try {
      const result = await processObject(objects, source);
      publishObjectMetrics(metrics, result, now());
      const { ledgerItem: item } = result;
      logger.info('transformed object', {
        source: uri,
        destination: s3Uri(processedBucket, item.destination_key),
        // null: the key is outside the partition layout, so nothing is left for the compactor.
        pending_partition: result.partition ?? null,
        quarantine: item.quarantine_keys,
        record_count: item.record_count,
        failed_records: item.failed_records,
        duration_ms: item.duration_ms,
      });
      summary.transformed.push({
        source: uri,
        destination: s3Uri(processedBucket, item.destination_key),
        quarantine: item.quarantine_keys.map((key) => s3Uri(processedBucket, key)),
        record_count: item.record_count,
        failed_records: item.failed_records,
      });
    } catch (error) {
      failures.push(error as Error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AggregateError(
      failures,
      `${failures.length} objects failed: ${failures.map((e) => e.message).join('; ')}`,
    );
  }
  return summary;
}
