/**
 * The compactor's handler, built from injected clients and configuration so that the Lambda
 * entry (lambda.ts), the local pipeline, `npm run compact` and the tests all run the same
 * code. Invoked by the schedule (an EventBridge event, whose content does not matter) or by
 * hand with `{ "partitions": ["event_type=.../hour=HH", ...] }` to compact those partitions
 * now, pending or not, or `{ "all": true }` for every pending partition, settled or not.
 */
import { type ServiceDependencies, serviceParts } from '@event-pipeline/runtime';
import type { Context } from 'aws-lambda';
import { createPartitionLedger, type PartitionLedger } from './adapters/partition-ledger.js';
import type { RunRequest } from './candidates.js';
import type { CompactConfig } from './config.js';
import { FileRowStore, type RowStore } from './core/row-store.js';
import { type RunObserver, type RunSummary, runCompaction } from './run.js';

export interface CompactDependencies extends ServiceDependencies<CompactConfig> {
  /** The pending-partition and ledger adapter; built on `dynamodb` when omitted. */
  ledger?: PartitionLedger;
  /** Where rows wait to be written in order; files under config.spillDir when omitted. */
  newRowStore?: () => RowStore;
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
  // The clock is for the settle cutoff, leases and ledger times only: never in a curated file.
  const { observability, now: clock, middy } = serviceParts(deps);
  const ledger = deps.ledger ?? createPartitionLedger(deps.dynamodb, config.ledgerTable);
  const partitionDeps = {
    s3: deps.s3,
    processedBucket: config.processedBucket,
    readConcurrency: config.readConcurrency,
    rowGroupRows: config.rowGroupRows,
    newRowStore: deps.newRowStore ?? (() => new FileRowStore(config.spillDir)),
  };
  return middy<CompactEvent, RunSummary>().handler((event, context) =>
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
