/**
 * The CPU measurements, run as their own bundle (built with the deployed esbuild settings,
 * so the handlers' code is compiled exactly as it ships) in a fresh process. Options come in
 * `BENCH_CPU_OPTIONS` (JSON); the result goes out as `BENCH {...}` (see lib/child.ts).
 *
 * Untraced first (Powertools' default outside Lambda), then as in Lambda with tracing Active,
 * last: once loaded, the X-Ray SDK's async hook stays for the rest of the process.
 */
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchValidation, type ValidationBench } from '../../packages/schema/bench/validate.bench.js';
import { reportResult } from '../lib/child.js';
import { startXrayDaemon, tracedLambdaEnvironment } from '../lib/lambda-environment.js';
import { benchObservability } from '../lib/observability.js';
import type { HandlerCost } from '../lib/side-by-side.js';
import { benchIngest, benchIngestBatches, type IngestBatches, ingestInvoker } from './ingest.js';
import { benchTransform, benchTransformObjects, type TransformObjects } from './transform.js';

export interface CpuOptions {
  /** Records of the large event / object. */
  records: number;
  rounds: number;
  warmup: number;
  /** The deployed batch size of the Kinesis mapping. */
  batchSize: number;
}

export interface CpuResult {
  validation: ValidationBench;
  ingest: HandlerCost & IngestBatches & { traced: IngestBatches };
  transform: HandlerCost & { object_bytes: number } & TransformObjects & { traced: TransformObjects };
  /** X-Ray segment documents the traced invocations sent (0 would mean they were not traced). */
  xray_segments: number;
}

const options = JSON.parse(process.env.BENCH_CPU_OPTIONS ?? '{}') as CpuOptions;
const batchRounds = Math.max(3, Math.ceil(options.rounds / 2));

const validation = benchValidation({ events: options.records, rounds: options.rounds });

const ingest = ingestInvoker(await benchObservability('ingest'));
const ingestCost = await benchIngest(ingest, options);
const batches = await benchIngestBatches(ingest, { ...options, rounds: batchRounds });

const transformObservability = await benchObservability('transform');
const transformCost = await benchTransform(transformObservability, options);
const objectOptions = {
  recordsPerObject: batches.records_per_object,
  // About as many records as the large object holds, in objects of the size ingest writes.
  invocations: Math.max(20, Math.round(options.records / batches.records_per_object)),
  rounds: batchRounds,
};
const objects = await benchTransformObjects(transformObservability, objectOptions);

const daemon = await startXrayDaemon();
Object.assign(
  process.env,
  tracedLambdaEnvironment({
    functionName: 'event-pipeline-bench',
    taskRoot: dirname(new URL(import.meta.url).pathname),
    daemonAddress: daemon.address,
  }),
);
const tracedBatches = await benchIngestBatches(ingestInvoker(await benchObservability('ingest')), {
  ...options,
  rounds: batchRounds,
});
const tracedObjects = await benchTransformObjects(await benchObservability('transform'), objectOptions);

// The segments went out over UDP while the loops ran; let the stand-in daemon read them.
await sleep(200);
const result: CpuResult = {
  validation,
  ingest: { ...ingestCost, ...batches, traced: tracedBatches },
  transform: { ...transformCost, ...objects, traced: tracedObjects },
  xray_segments: daemon.segments,
};
await daemon.close();
reportResult(result);
