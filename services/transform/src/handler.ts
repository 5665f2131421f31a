/**
 * The S3 transformer's handler, built from injected clients, configuration and Powertools
 * instances. Thin: it maps the notification to source objects and hands each to
 * transformObject. A failed object fails the invocation (after the other objects had
 * their turn), so S3's asynchronous invoke retries it twice and then sends it to the DLQ.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { errorLogger, type Observability, observabilityMiddlewares } from '@event-pipeline/runtime';
import middy from '@middy/core';
import type { Context, S3Event } from 'aws-lambda';
import type { TransformConfig } from './config.js';
import { isRawDataKey } from './keys.js';
import { addObjectMetrics, addSkippedMetric } from './metrics.js';
import { type SourceObject, s3Uri, sourceObjects } from './s3-event.js';
import { transformObject } from './transform-object.js';

export interface TransformDependencies {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  config: TransformConfig;
  observability: Observability;
  clock?: () => Date;
}

export interface TransformedObject {
  source: string;
  destination: string;
  quarantine: string[];
  record_count: number;
  failed_records: number;
}

export interface TransformSummary {
  transformed: TransformedObject[];
  skipped: Array<{ source: string; reason: string }>;
}

function skipReason(source: SourceObject): string | undefined {
  if (!source.eventName.startsWith('ObjectCreated:')) return `event ${source.eventName} is not ObjectCreated`;
  if (!isRawDataKey(source.key)) return 'the key is not a raw data object (raw/**.json)';
  return undefined;
}

export function createHandler(deps: TransformDependencies) {
  const { s3, ddb, config, observability } = deps;
  const { logger, metrics } = observability;
  const clock = deps.clock ?? (() => new Date());
  const objectDeps = { s3, ddb, clock, ...config };

  const transform = async (event: S3Event, _context: Context): Promise<TransformSummary> => {
    const summary: TransformSummary = { transformed: [], skipped: [] };
    const failures: Error[] = [];
    for (const source of sourceObjects(event)) {
      const uri = s3Uri(source.bucket, source.key);
      const reason = skipReason(source);
      if (reason !== undefined) {
        logger.info('skipping object', { source: uri, reason });
        addSkippedMetric(metrics);
        summary.skipped.push({ source: uri, reason });
        continue;
      }
      try {
        const result = await transformObject(objectDeps, source);
        addObjectMetrics(metrics, result, clock());
        const { ledgerItem: item } = result;
        logger.info('transformed object', {
          source: uri,
          destination: s3Uri(config.processedBucket, item.destination_key),
          quarantine: item.quarantine_keys,
          record_count: item.record_count,
          failed_records: item.failed_records,
          duration_ms: item.duration_ms,
        });
        summary.transformed.push({
          source: uri,
          destination: s3Uri(config.processedBucket, item.destination_key),
          quarantine: item.quarantine_keys.map((key) => s3Uri(config.processedBucket, key)),
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
  };

  return middy<S3Event, TransformSummary>(transform)
    .use(observabilityMiddlewares(observability))
    .use(errorLogger(logger));
}
