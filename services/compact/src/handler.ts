/**
 * The compactor's handler, built from injected clients and configuration so that the Lambda
 * entry (lambda.ts), the local pipeline, `npm run compact` and the tests all run the same
 * code. Invoked by the schedule (an EventBridge event, whose content does not matter) or by
 * hand with `{ "partitions": ["event_type=.../hour=HH", ...] }` to compact those partitions
 * now, pending or not, or `{ "all": true }` for every pending partition, settled or not.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createObservability,
  errorLogger,
  type Observability,
  observabilityMiddlewares,
} from '@event-pipeline/runtime';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createPartitionLedger, type PartitionLedger } from './adapters/partition-ledger.js';
import type { RunRequest } from './candidates.js';
import type { CompactConfig } from './config.js';
import { FileRowStore, type RowStore } from './core/row-store.js';
import { type RunObserver, type RunSummary, runCompaction } from './run.js';

export interface CompactDependencies {
  config: CompactConfig;
  s3: S3Client;
  /** A DocumentClient (`DynamoDBDocumentClient.from(new DynamoDBClient(...))`). */
  dynamodb: DynamoDBDocumentClient;
  observability?: Observability;
  /** The pending-partition and ledger adapter; built on `dynamodb` when omitted. */
  ledger?: PartitionLedger;
  /** Where rows wait to be written in order; files under config.spillDir when omitted. */
  newRowStore?: () => RowStore;
  /** The clock, for the settle cutoff, leases and ledger times only: never in a curated file. */
  now?: () => Date;
  /** Told of each partition as the run goes (progress of a manual run). */
  observer?: RunObserver;
}

export interface CompactEvent {
  partitions?: string[];
  all?: boolean;
  [field: string]: unknown;
}

export type CompactHandler = (event: CompactEvent, context: Context) => Promise<RunSummary>;

export function createHandler(deps: CompactDependencies): CompactHandler {
  const { config } = deps;
  const observability = deps.observability ?? createObservability(config.serviceName);
  const ledger = deps.ledger ?? createPartitionLedger(deps.dynamodb, config.ledgerTable);
  const partitionDeps = {
    s3: deps.s3,
    processedBucket: config.processedBucket,
    readConcurrency: config.readConcurrency,
    rowGroupRows: config.rowGroupRows,
    newRowStore: deps.newRowStore ?? (() => new FileRowStore(config.spillDir)),
  };
  const clock = deps.now ?? (() => new Date());
  return middy<CompactEvent, RunSummary>()
    .use(observabilityMiddlewares(observability))
    .use(errorLogger(observability.logger))
    .handler((event, context) =>
      runCompaction(
        {
          partitionDeps,
          ledger,
          settleSeconds: config.settleSeconds,
          maxPartitions: config.maxPartitionsPerRun,
          leaseSeconds: config.leaseSeconds,
          reserveSeconds: config.reserveSeconds,
          owner: context.awsRequestId,
          clock,
          remainingMs: () => context.getRemainingTimeInMillis(),
          logger: observability.logger,
          metrics: observability.metrics,
          ...(deps.observer ? { observer: deps.observer } : {}),
        },
        runRequest(event),
      ),
    );
}

/** What a manual event asks for; a scheduled event asks for nothing in particular. */
function runRequest(event: CompactEvent | undefined): RunRequest {
  return {
    ...(Array.isArray(event?.partitions) ? { partitions: event.partitions } : {}),
    ...(event?.all === true ? { all: true } : {}),
  };
}
