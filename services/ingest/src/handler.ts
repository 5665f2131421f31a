/**
 * The ingest Lambda handler, built from injected clients and configuration so that the
 * Lambda entry (lambda.ts), the local pipeline and the tests all run the same code. Thin:
 * the envelope is checked by a middleware and the batch handed to processBatch.
 */
import { createLedgerWriter, type ServiceDependencies, serviceParts } from '@event-pipeline/runtime';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createRawLake } from './adapters/raw-lake.js';
import type { IngestConfig } from './config.js';
import type { IngestLedgerItem } from './ledger-item.js';
import { kinesisEnvelope } from './middleware/kinesis-envelope.js';
import { processBatch } from './process-batch.js';

/** The clock (`now`) is for `processed_at`, `ttl` and durations only. */
export type IngestDependencies = ServiceDependencies<IngestConfig>;

export type IngestHandler = (
  event: KinesisStreamEvent,
  context: Context,
) => Promise<KinesisStreamBatchResponse>;

export function createHandler(deps: IngestDependencies): IngestHandler {
  const { config } = deps;
  const { observability, now, middy } = serviceParts(deps);
  const batchDeps = {
    rawLake: createRawLake(deps.s3, config.rawBucket),
    ledger: createLedgerWriter<IngestLedgerItem>(deps.dynamodb, config.ledgerTable),
    writeConcurrency: config.writeConcurrency,
    logger: observability.logger,
    metrics: observability.metrics,
    now,
  };
  return middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
    .use(kinesisEnvelope())
    .handler((event) => processBatch(event.Records, batchDeps));
}
