/**
 * The transformer's Lambda handler, built from injected clients and configuration so that
 * the Lambda entry (lambda.ts), the local pipeline and the tests all run the same code.
 * Thin: the notification is handed to processEvent.
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
import type { Context, S3Event } from 'aws-lambda';
import { createPendingPartitions } from './adapters/pending-partitions.js';
import type { TransformConfig } from './config.js';
import type { TransformLedgerItem } from './ledger-item.js';
import { processEvent, type TransformSummary } from './process-event.js';

export interface TransformDependencies {
  config: TransformConfig;
  s3: S3Client;
  /** A DocumentClient (`DynamoDBDocumentClient.from(new DynamoDBClient(...))`). */
  dynamodb: DynamoDBDocumentClient;
  /** Powertools logger, metrics and tracer; created from `config.serviceName` when omitted. */
  observability?: Observability;
  /** The clock, for `processed_timestamp`, `processed_at`, `ttl` and durations only: never for object names. */
  now?: () => Date;
}

export type TransformHandler = (event: S3Event, context: Context) => Promise<TransformSummary>;

export function createHandler(deps: TransformDependencies): TransformHandler {
  const { config } = deps;
  const observability = deps.observability ?? createObservability(config.serviceName);
  const eventDeps = {
    objects: {
      s3: deps.s3,
      processedBucket: config.processedBucket,
      thresholds: config.thresholds,
      ledger: createLedgerWriter<TransformLedgerItem>(deps.dynamodb, config.ledgerTable),
      partitions: createPendingPartitions(deps.dynamodb, config.ledgerTable),
      now: deps.now ?? (() => new Date()),
    },
    logger: observability.logger,
    metrics: observability.metrics,
  };
  return middy<S3Event, TransformSummary>()
    .use(observabilityMiddlewares(observability))
    .use(errorLogger(observability.logger))
    .handler((event) => processEvent(event, eventDeps));
}
