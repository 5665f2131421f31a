/**
 * The real ingest, transform and compact handlers, built through their `createHandler` with
 * real AWS SDK clients pointed at the emulators and the configuration each reads in the cloud
 * (its environment as its compiled template sets it, the stack's names filled in).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type CompactConfig,
  type CompactEvent,
  createHandler as createCompactHandler,
  loadCompactConfig,
  type RunObserver,
  type RunSummary,
} from '@event-pipeline/compact';
import type { Emulators } from '@event-pipeline/emulators';
import { createHandler as createIngestHandler, loadIngestConfig } from '@event-pipeline/ingest';
import { createObservability, type LogLevel } from '@event-pipeline/runtime';
import { createHandler as createTransformHandler, loadTransformConfig } from '@event-pipeline/transform';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, S3Event } from 'aws-lambda';
import type { LambdaHandler } from '../lambda/function.js';

export type { LogLevel };

export interface HandlerClients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

/** Each function's own clients, as each Lambda has its own. */
export function handlerClients(emulators: Emulators): HandlerClients {
  return {
    s3: new S3Client(emulators.clientConfig('s3')),
    dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
  };
}

function observability(serviceName: string, logLevel: LogLevel) {
  return createObservability(serviceName, { logLevel });
}

export function ingestHandler(
  environment: Record<string, string>,
  clients: HandlerClients,
  logLevel: LogLevel,
): LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse> {
  const config = loadIngestConfig(environment);
  return createIngestHandler({
    config,
    s3: clients.s3,
    dynamodb: DynamoDBDocumentClient.from(clients.dynamodb),
    observability: observability(config.serviceName, logLevel),
  });
}

export function transformHandler(
  environment: Record<string, string>,
  clients: HandlerClients,
  logLevel: LogLevel,
): LambdaHandler<S3Event, unknown> {
  const config = loadTransformConfig(environment);
  return createTransformHandler({
    config,
    s3: clients.s3,
    dynamodb: DynamoDBDocumentClient.from(clients.dynamodb),
    observability: observability(config.serviceName, logLevel),
  });
}

export function compactHandler(
  environment: Record<string, string>,
  clients: HandlerClients,
  logLevel: LogLevel,
  options: { overrides?: Partial<CompactConfig>; observer?: RunObserver } = {},
): LambdaHandler<CompactEvent, RunSummary> {
  const config = { ...loadCompactConfig(environment), ...options.overrides };
  return createCompactHandler({
    config,
    s3: clients.s3,
    dynamodb: DynamoDBDocumentClient.from(clients.dynamodb),
    observability: observability(config.serviceName, logLevel),
    ...(options.observer ? { observer: options.observer } : {}),
  });
}
