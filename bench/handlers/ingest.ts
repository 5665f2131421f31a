/**
 * The ingest handler's CPU cost: `createHandler` as the Lambda entry builds it
 * (configuration from the deployed environment's settings, Powertools middlewares, clients
 * traced where tracing is on), its S3 and DynamoDB clients answered in memory, on one large
 * Kinesis event against the floor, and on the deployed batch size for the time per invocation.
 */
import { createHandler, loadIngestConfig } from '@event-pipeline/ingest';
import type { Observability } from '@event-pipeline/runtime';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createContext } from '../../packages/local/src/lambda/function.js';
import { pipelineAnswers } from '../lib/aws-answers.js';
import { type InMemoryClients, inMemoryClients } from '../lib/in-memory-clients.js';
import { type HandlerCost, handlerCost, sideBySide } from '../lib/side-by-side.js';
import { median, since } from '../lib/stats.js';
import { HANDLER_ENV, kinesisEvent, shardRecords, validSamples } from '../lib/workloads.js';
import { kinesisFloor } from './floor.js';

export interface IngestBatches {
  /** Median ms of one warm invocation on a batch of `batch_size` records. */
  ms_per_batch: number;
  batch_size: number;
  /** Objects (raw partitions) each such batch writes, on average. */
  objects_per_batch: number;
  /** Records per raw object, on average: the size of the objects the transformer then reads. */
  records_per_object: number;
}

export interface IngestBenchOptions {
  records: number;
  rounds: number;
  warmup: number;
  batchSize: number;
}

const FUNCTION = {
  name: 'event-pipeline-ingest-bench-processor',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:event-pipeline-ingest-bench-processor',
  timeoutMs: 60_000,
  memoryMb: 512,
};

interface IngestInvoker {
  invoke(event: KinesisStreamEvent): Promise<void>;
  clients: InMemoryClients;
}

export function ingestInvoker(observability: Observability): IngestInvoker {
  const clients = inMemoryClients(pipelineAnswers(), observability);
  const config = loadIngestConfig(HANDLER_ENV.ingest);
  const handler = createHandler({ config, s3: clients.s3, dynamodb: clients.dynamodb, observability });
  return {
    clients,
    async invoke(event) {
      const response: KinesisStreamBatchResponse = await handler(event, createContext(FUNCTION));
      // A bench that measured a failing run would measure the wrong thing.
      if (response.batchItemFailures.length > 0) throw new Error('the ingest handler reported a failure');
    },
  };
}

/** The event's records as consecutive batches of the deployed size, as the mapping sends them. */
function inBatches(event: KinesisStreamEvent, batchSize: number): KinesisStreamEvent[] {
  const batches: KinesisStreamEvent[] = [];
  for (let i = 0; i < event.Records.length; i += batchSize)
    batches.push({ Records: event.Records.slice(i, i + batchSize) });
  return batches;
}

export async function benchIngestBatches(
  { invoke, clients }: IngestInvoker,
  { records, rounds, batchSize }: IngestBenchOptions,
): Promise<IngestBatches> {
  const batches = inBatches(kinesisEvent(shardRecords(validSamples(records))), batchSize);
  const callsBefore = clients.handler.calls;
  const perBatch: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (const batch of batches) await invoke(batch);
    perBatch.push(since(start) / batches.length);
  }
  // Each invocation puts its objects, then one ledger item.
  const objectsPerRound = (clients.handler.calls - callsBefore) / rounds - batches.length;
  return {
    ms_per_batch: median(perBatch),
    batch_size: batchSize,
    objects_per_batch: objectsPerRound / batches.length,
    records_per_object: records / objectsPerRound,
  };
}

export async function benchIngest(invoker: IngestInvoker, options: IngestBenchOptions): Promise<HandlerCost> {
  const { records, rounds, warmup } = options;
  const event = kinesisEvent(shardRecords(validSamples(records)));
  const measured = await sideBySide({
    warmup,
    rounds,
    subject: () => invoker.invoke(event),
    floor: () => kinesisFloor(event),
  });
  return handlerCost(measured, records, rounds);
}
