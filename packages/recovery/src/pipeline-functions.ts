/**
 * The pipeline's own handler code, run by the recovery tools: the ingest and transform
 * handlers built through their `createHandler` with the target's clients and the settings
 * their serverless.yml deploys them with, invoked with the exact event shapes Lambda gives
 * them. What counts as done is what the event sources count: an ingest batch is durable when
 * the handler reports no batch item failure, a transform event when the handler returns.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackTarget } from '@event-pipeline/cli';
import {
  type FunctionSpec,
  ingestHandler,
  invoke,
  type ShardRecord,
  toLambdaEvent,
  transformHandler,
} from '@event-pipeline/local';
import type { LogLevel } from '@event-pipeline/runtime';
import type { KinesisStreamBatchResponse, S3Event } from 'aws-lambda';

export type Outcome = { ok: true } | { ok: false; reason: string };

export interface PipelineFunctions {
  /** Processes one shard's contiguous records as one ingest batch. */
  ingest(records: readonly ShardRecord[]): Promise<Outcome>;
  /** Transforms the objects an S3 event names. */
  transform(event: S3Event): Promise<Outcome>;
}

/**
 * Runs `attempt` up to `attempts` times, with a short growing pause, until it succeeds. The
 * handlers are idempotent (deterministic object names), so another attempt only overwrites.
 */
export async function withAttempts(attempts: number, attempt: () => Promise<Outcome>): Promise<Outcome> {
  let outcome: Outcome = { ok: false, reason: 'not attempted' };
  for (let n = 1; n <= attempts; n++) {
    outcome = await attempt();
    if (outcome.ok) return outcome;
    if (n < attempts) await sleep(Math.min(2_000, 200 * 2 ** (n - 1)));
  }
  return attempts > 1 && !outcome.ok
    ? { ok: false, reason: `${outcome.reason} (after ${attempts} attempts)` }
    : outcome;
}

function ingestOutcome(response: KinesisStreamBatchResponse | undefined): Outcome {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { ok: true };
  return {
    ok: false,
    reason: `the handler reported the records from ${failures[0]!.itemIdentifier} on as not durable`,
  };
}

export function pipelineFunctions(target: StackTarget, logLevel: LogLevel = 'ERROR'): PipelineFunctions {
  const clients = { s3: target.clients.s3, dynamodb: target.clients.dynamodb };
  const { ingest: ingestFn, transform: transformFn } = target.functions;
  const deployed = (spec: FunctionSpec) => ({
    name: spec.name,
    arn: spec.arn,
    timeoutMs: spec.timeoutSeconds * 1000,
    memoryMb: spec.memoryMb,
  });
  const ingest = { ...deployed(ingestFn), handler: ingestHandler(ingestFn.environment, clients, logLevel) };
  const transform = {
    ...deployed(transformFn),
    handler: transformHandler(transformFn.environment, clients, logLevel),
  };
  const stream = { streamArn: target.stream.arn, region: target.region, roleArn: target.identityArn };
  return {
    async ingest(records) {
      const result = await invoke(ingest, toLambdaEvent(records, stream));
      return result.ok ? ingestOutcome(result.response) : { ok: false, reason: result.error.message };
    },
    async transform(event) {
      const result = await invoke(transform, event);
      return result.ok ? { ok: true } : { ok: false, reason: result.error.message };
    },
  };
}
