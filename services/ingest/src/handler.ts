/**
 * The ingest Lambda handler, built from injected clients and configuration so that the
 * Lambda entry (lambda.ts), the local pipeline and the tests all run the same code. Thin:
 * the envelope is checked by a middleware and the batch handed to processBatch.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createLedgerWriter,
  createObservability,
  errorLogger,
  type Observability,
  observabilityMiddlewares,
} from '@event-pipeline/runtime';
import middy from '@middy/core';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createRawLake } from './adapters/raw-lake.js';
import type { IngestConfig } from './config.js';
import type { IngestLedgerItem } from './ledger-item.js';
import { kinesisEnvelope } from './middleware/kinesis-envelope.js';
import { processBatch } from './process-batch.js';

export interface IngestDependencies {
  config: IngestConfig;
  s3: S3Client;
  /** A DocumentClient (`DynamoDBDocumentClient.from(new DynamoDBClient(...))`). */
  dynamodb: DynamoDBDocumentClient;
  /** Powertools logger, metrics and tracer; created from `config.serviceName` when omitted. */
  observability?: Observability;
  /** The clock, for `processed_at`, `ttl` and durations only: never for object names. */
  now?: () => Date;
}

export type IngestHandler = (
  event: KinesisStreamEvent,
  context: Context,
) => Promise<KinesisStreamBatchResponse>;

export function createHandler(deps: IngestDependencies): IngestHandler {
  const { config } = deps;
  const observability = deps.observability ?? createObservability(config.serviceName);
  const batchDeps = {
    rawLake: createRawLake(deps.s3, config.rawBucket),
    ledger: createLedgerWriter<IngestLedgerItem>(deps.dynamodb, config.ledgerTable),
    writeConcurrency: config.writeConcurrency,
    logger: observability.logger,
    metrics: observability.metrics,
    now: deps.now ?? (() => new Date()),
  };
  return middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
    .use(observabilityMiddlewares(observability))
    .use(errorLogger(observability.logger))
    .use(kinesisEnvelope())
    .handler((event) => processBatch(event.Records, batchDeps));
}
