/**
 * The transform handler's CPU cost: `createHandler` as the Lambda entry builds it, its
 * clients answered in memory (GetObject answers the raw object's bytes, with the CRC32 S3
 * returns for it; the upload and the ledger item are accepted), on one large raw object
 * against the floor, and on objects of the size ingest writes for the time per invocation.
 */
import type { Observability } from '@event-pipeline/runtime';
import { createHandler, loadTransformConfig, type TransformSummary } from '@event-pipeline/transform';
import { createContext } from '../../packages/local/src/lambda/function.js';
import { pipelineAnswers, type ServedObject, servedBytes } from '../lib/aws-answers.js';
import { inMemoryClients } from '../lib/in-memory-clients.js';
import { type HandlerCost, handlerCost, sideBySide } from '../lib/side-by-side.js';
import { median, since } from '../lib/stats.js';
import { HANDLER_ENV, RAW_KEY, s3Event, sampleRawObject } from '../lib/workloads.js';
import { jsonLinesFloor } from './floor.js';

export interface TransformObjects {
  /** Median ms of one warm invocation on an object of `records_per_object` lines. */
  ms_per_object: number;
  records_per_object: number;
}

const FUNCTION = {
  name: 'event-pipeline-transform-bench-transformer',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:event-pipeline-transform-bench-transformer',
  timeoutMs: 60_000,
  memoryMb: 512,
};

/** The handler, reading `object` on every invocation. */
export function transformInvoker(object: ServedObject, observability: Observability) {
  const clients = inMemoryClients(pipelineAnswers(object), observability);
  const handler = createHandler({
    config: loadTransformConfig(HANDLER_ENV.transform),
    s3: clients.s3,
    dynamodb: clients.dynamodb,
    observability,
  });
  const event = s3Event(RAW_KEY, object.bytes);
  return async (): Promise<TransformSummary> => {
    const summary = await handler(event, createContext(FUNCTION));
    if (summary.transformed.length !== 1 || summary.transformed[0]!.failed_records > 0)
      throw new Error(`the transform handler did not transform the object: ${JSON.stringify(summary)}`);
    return summary;
  };
}

export async function benchTransform(
  observability: Observability,
  { records, rounds, warmup }: { records: number; rounds: number; warmup: number },
): Promise<HandlerCost & { object_bytes: number }> {
  const object = sampleRawObject(records);
  const invoke = transformInvoker(servedBytes(object), observability);
  const measured = await sideBySide({ warmup, rounds, subject: invoke, floor: () => jsonLinesFloor(object) });
  return { ...handlerCost(measured, records, rounds), object_bytes: object.length };
}

/** Warm invocations on objects of `recordsPerObject` lines (the size ingest writes). */
export async function benchTransformObjects(
  observability: Observability,
  {
    recordsPerObject,
    invocations,
    rounds,
  }: { recordsPerObject: number; invocations: number; rounds: number },
): Promise<TransformObjects> {
  const lines = Math.max(1, Math.round(recordsPerObject));
  const invoke = transformInvoker(servedBytes(sampleRawObject(lines)), observability);
  const perObject: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < invocations; i++) await invoke();
    perObject.push(since(start) / invocations);
  }
  return { ms_per_object: median(perObject), records_per_object: lines };
}
