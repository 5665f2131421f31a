/**
 * The pipeline's stacks made real on the emulators: the infrastructure stack's resources
 * created, the functions' event sources resolved against them, and the stack file that tells
 * other tools where it all is.
 */
import { relative } from 'node:path';
import type { Emulators } from '@event-pipeline/emulators';
import { createStack, type StackClients } from '../stack/create.js';
import { exportEndingWith } from '../stack/plan.js';
import type { StackFile } from '../stack/stack-file.js';
import type { PipelineStacks, PipelineTriggers } from './pipeline-stacks.js';

export interface LocalStack extends PipelineTriggers {
  stack: StackFile;
  /** Queue URLs of the on-failure destinations. */
  dlq: { ingest?: string; transform?: string };
  /** Where the templates came from, what was skipped, reused or is not emulated. */
  notes: string[];
}

function queueUrlFor(
  arn: string | undefined,
  queues: Record<string, string>,
  what: string,
): string | undefined {
  if (arn === undefined) return undefined;
  const name = arn.split(':').pop()!;
  const url = Object.values(queues).find((candidate) => candidate.endsWith(`/${name}`));
  if (url === undefined) throw new Error(`${what}: no local queue for ${arn}`);
  return url;
}

function templatesNote({ compiled }: PipelineStacks): string {
  const file = relative(process.cwd(), compiled.cacheFile);
  return compiled.fromCache
    ? `templates: read from ${file} (sls package's output; its inputs are unchanged)`
    : `templates: packaged with sls package in ${(compiled.elapsedMs / 1000).toFixed(1)} s, cached in ${file}`;
}

export async function createLocalStack(
  emulators: Emulators,
  clients: StackClients,
  stacks: PipelineStacks,
  stage: string,
): Promise<LocalStack> {
  const created = await createStack(stacks.infra, clients);
  const exports = stacks.infra.exports(created.queueUrls);
  const { ingest, transform, compact } = stacks.triggers(created.queueUrls);
  const dlq = {
    ingest: queueUrlFor(ingest.onFailureArn, created.queueUrls, 'the ingest on-failure destination'),
    transform: queueUrlFor(transform.onFailureArn, created.queueUrls, 'the transform on-failure destination'),
  };
  const stack: StackFile = {
    region: emulators.region,
    credentials: { ...emulators.credentials },
    endpoints: {
      kinesis: emulators.endpoints.kinesis!,
      s3: emulators.endpoints.s3!,
      dynamodb: emulators.endpoints.dynamodb!,
      sqs: emulators.endpoints.sqs!,
    },
    stream: ingest.streamName,
    rawBucket: transform.bucket,
    processedBucket: exportEndingWith(exports, 'ProcessedBucketName'),
    table: exportEndingWith(exports, 'LedgerTableName'),
    dlq: { ingest: dlq.ingest ?? '', transform: dlq.transform ?? '' },
    stage,
  };
  const notes = [templatesNote(stacks), ...stacks.infra.notes, ...created.notes];
  if (ingest.parallelizationFactor > 1)
    notes.push(
      `ingest: parallelizationFactor ${ingest.parallelizationFactor} runs as 1 locally (one batch per shard at a time)`,
    );
  return { stack, ingest, transform, compact, dlq, notes };
}
