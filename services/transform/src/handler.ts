/**
 * The transformer's Lambda handler, built from injected clients and configuration so that
 * the Lambda entry (lambda.ts), the local pipeline and the tests all run the same code.
 * Thin: the notification is handed to processEvent.
 */
import { createLedgerWriter, type ServiceDependencies, serviceParts } from '@event-pipeline/runtime';
import type { Context, S3Event } from 'aws-lambda';
import { createPendingPartitions } from './adapters/pending-partitions.js';
import type { TransformConfig } from './config.js';
import type { TransformLedgerItem } from './ledger-item.js';
import { processEvent, type TransformSummary } from './process-event.js';

/** The clock (`now`) is for `processed_timestamp`, `processed_at`, `ttl` and durations only. */
export type TransformDependencies = ServiceDependencies<TransformConfig>;

export type TransformHandler = (event: S3Event, context: Context) => Promise<TransformSummary>;

export function createHandler(deps: TransformDependencies): TransformHandler {
  const { config } = deps;
  const { observability, now, middy } = serviceParts(deps);
  const eventDeps = {
    objects: {
      s3: deps.s3,
      processedBucket: config.processedBucket,
      thresholds: config.thresholds,
      ledger: createLedgerWriter<TransformLedgerItem>(deps.dynamodb, config.ledgerTable),
      partitions: createPendingPartitions(deps.dynamodb, config.ledgerTable),
      now,
    },
    logger: observability.logger,
    metrics: observability.metrics,
  };
  return middy<S3Event, TransformSummary>().handler((event) => processEvent(event, eventDeps));
}
