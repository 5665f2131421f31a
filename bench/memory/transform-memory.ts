/**
 * The transformer's peak memory on a large raw object: the deployed bundle in a fresh
 * process (as Lambda runs it) reads an object of `megabytes` MB, streamed to it by the
 * answer server as it is generated (never held whole by either side), and writes the
 * processed object as a multipart upload the server reads and drops. Reported: the child's
 * peak RSS (`process.resourceUsage().maxRSS`), and how long the object took.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Bundle } from '../cold-start/bundle.js';
import { firstInvoke, functionEnvironment } from '../cold-start/fresh-process.js';
import { startAnswerServer } from '../lib/answer-server.js';
import { crc32Base64, pipelineAnswers, type ServedObject } from '../lib/aws-answers.js';
import { HANDLER_ENV, RAW_KEY, rawObject, s3Event, sampleRawLines } from '../lib/workloads.js';

export interface MemoryResult {
  object_mb: number;
  records: number;
  peak_rss_mb: number;
  seconds: number;
  mb_per_second: number;
}

/** Distinct lines cycled to make the object; records repeat, which the transformer does not mind. */
const DISTINCT_RECORDS = 5_000;
/** Lines per chunk of the served body (about 240 KB); divides DISTINCT_RECORDS. */
const LINES_PER_CHUNK = 500;

/** A raw object of at least `bytes` bytes, generated afresh (and identically) for each read. */
function generatedObject(bytes: number): ServedObject & { records: number } {
  const lines = sampleRawLines(DISTINCT_RECORDS);
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK)
    chunks.push(rawObject(lines.slice(i, i + LINES_PER_CHUNK)));
  // The whole chunks that reach `bytes`, and the CRC32 S3 would return for them.
  let total = 0;
  let count = 0;
  let checksum = 0;
  while (total < bytes) {
    const chunk = chunks[count % chunks.length]!;
    total += chunk.length;
    checksum = crc32(chunk, checksum);
    count++;
  }
  return {
    bytes: total,
    records: count * LINES_PER_CHUNK,
    crc32: crc32Base64(checksum),
    body: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < count; i++) yield chunks[i % chunks.length]!;
        })(),
      ),
  };
}

export async function benchTransformMemory(
  transform: Bundle,
  { megabytes }: { megabytes: number },
): Promise<MemoryResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const object = generatedObject(megabytes * 1024 * 1024);
  const server = await startAnswerServer(pipelineAnswers(object));
  try {
    const eventFile = join(workDir, 's3-event.json');
    writeFileSync(eventFile, JSON.stringify(s3Event(RAW_KEY, object.bytes)));
    const run = await firstInvoke({
      bundleFile: transform.file,
      eventFile,
      env: { ...functionEnvironment(server.endpoint), ...HANDLER_ENV.transform },
      label: 'the transformer on a large object',
    });
    const seconds = run.invokeMs / 1000;
    return {
      object_mb: object.bytes / (1024 * 1024),
      records: object.records,
      peak_rss_mb: run.maxRssMb,
      seconds,
      mb_per_second: object.bytes / (1024 * 1024) / seconds,
    };
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
