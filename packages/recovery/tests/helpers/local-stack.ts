/**
 * The local pipeline for integration tests (in this process, as tests/e2e runs it), traffic
 * whose events the test knows, and reads of what is in the lake and the queues.
 */
import { fileURLToPath } from 'node:url';
import { type _Object, GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import {
  chunkEntries,
  type LocalPipeline,
  type LocalPipelineOptions,
  type ProducedRecord,
  producedRecord,
  putRecordsWithRetry,
  startLocalPipeline,
} from '@event-pipeline/local';
import type { Sample } from '@event-pipeline/schema';

export const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** The stage's settings, with shorter waits than the cloud's so that a test takes seconds. */
export function startTestPipeline(options: Partial<LocalPipelineOptions> = {}): Promise<LocalPipeline> {
  return startLocalPipeline({
    rootDir: ROOT,
    logLevel: 'SILENT',
    mapping: { batchWindowSeconds: 0.3 },
    pollIntervalMs: 50,
    asyncRetryDelayMs: (retry) => 50 * retry,
    ...options,
  });
}

/** A record Kinesis accepted, with the sample it was made from. */
export type SentRecord = ProducedRecord & { sample: Sample };

/** Puts the samples on the pipeline's stream (in order, retrying rejections) and registers them with it. */
export async function sendSamples(
  pipeline: LocalPipeline,
  samples: readonly Sample[],
): Promise<SentRecord[]> {
  const sent: SentRecord[] = [];
  const stats = { callLatenciesMs: [], retried: 0 };
  const entries = samples.map((sample) => ({
    sample,
    data: sample.bytes,
    partitionKey: sample.partitionKey,
  }));
  for (const chunk of chunkEntries(entries)) {
    const results = await putRecordsWithRetry(pipeline.clients.kinesis, pipeline.stack.stream, chunk, stats);
    const accepted = results.map((result, i): SentRecord => {
      const { sample } = chunk[i]!;
      if (!result.ok) throw new Error(`record not accepted: ${result.errorCode} ${result.errorMessage}`);
      const position = { shardId: result.shardId, sequenceNumber: result.sequenceNumber };
      return { sample, ...producedRecord(sample, position, Date.now()) };
    });
    pipeline.recordProduced(accepted);
    sent.push(...accepted);
  }
  return sent;
}

/** Every object under `prefix`, page after page. */
export async function listObjects(s3: S3Client, bucket: string, prefix = ''): Promise<_Object[]> {
  const objects: _Object[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    objects.push(...(page.Contents ?? []));
  return objects;
}

/** Every object under `prefix`, key -> body. */
export async function readObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const listed = await listObjects(s3, bucket, prefix).catch((error: Error) => {
    throw new Error(`cannot list s3://${bucket}/${prefix}: ${error.message}`, { cause: error });
  });
  for (const { Key } of listed) {
    const object = await s3
      .send(new GetObjectCommand({ Bucket: bucket, Key: Key! }))
      .catch((error: Error) => {
        throw new Error(`cannot read s3://${bucket}/${Key}: ${error.message}`, { cause: error });
      });
    bodies.set(Key!, await object.Body!.transformToString());
  }
  return bodies;
}

export const linesOf = (body: string) =>
  body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
