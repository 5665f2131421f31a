/**
 * Replay in bounded memory: the local stack ingests far more record bytes than the heap the
 * replay is then given (a child process under `--max-old-space-size`), and the replay from the
 * command line still reads, plans and rewrites every record, byte for byte. Holding the span in
 * memory (every record, then every object body before the first write) cannot fit that heap.
 */

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { chunkEntries, putRecordsWithRetry } from '@event-pipeline/local';
import { waitFor } from '@event-pipeline/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runNode } from '../../../../tests/helpers/run-script.js';
import { type RecoveryStack, startRecoveryStack } from '../helpers/recovery-stack.js';

/** The replay's heap (MB): about what the tools need to start, and room for a few pages and batches. */
const HEAP_MB = 96;
const RECORD_BYTES = 16 * 1024;
/** 64 MiB of records: as quarantine lines (base64) the objects are larger still. */
const RECORDS = 4_096;

/** `npm run replay -- <args>` in a node whose heap is capped. */
const cappedReplay = (args: readonly string[]) =>
  runNode([`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'scripts/replay.ts', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });

describe('replay of more records than its heap holds', () => {
  let stack: RecoveryStack;
  let from: Date;
  /** The raw bucket's objects (key -> ETag) once the pipeline has ingested everything. */
  const written = new Map<string, string>();

  const listing = async () => {
    const objects = new Map<string, string>();
    const { s3 } = stack.pipeline.clients;
    for await (const page of paginateListObjectsV2(
      { client: s3 },
      { Bucket: stack.pipeline.stack.rawBucket },
    ))
      for (const object of page.Contents ?? []) objects.set(object.Key!, object.ETag!);
    return objects;
  };

  beforeAll(async () => {
    // Nothing here reaches raw/ (every record is quarantined), so the transformer has nothing to do.
    stack = await startRecoveryStack();
    const { pipeline } = stack;
    await sleep(50);
    from = new Date();
    await sleep(50);
    // Not JSON: each record is quarantined whole (base64) by the ingest handler.
    const entries = Array.from({ length: RECORDS }, () => ({
      data: new Uint8Array(Buffer.from(randomBytes(RECORD_BYTES / 2).toString('hex'))),
      partitionKey: randomBytes(8).toString('hex'),
    }));
    const stats = { callLatenciesMs: [], retried: 0 };
    for (const chunk of chunkEntries(entries)) {
      const results = await putRecordsWithRetry(
        pipeline.clients.kinesis,
        pipeline.stack.stream,
        chunk,
        stats,
      );
      expect(results.every((result) => result.ok)).toBe(true);
    }
    await waitFor(
      () => pipeline.status().ingested === RECORDS,
      120_000,
      'the pipeline to ingest every record',
    );
    await pipeline.settle(30_000);
    for (const [key, eTag] of await listing()) written.set(key, eTag);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(`replays all ${RECORDS} records (${(RECORDS * RECORD_BYTES) / 2 ** 20} MiB) with a ${HEAP_MB} MB heap, rewriting every object as it was`, async () => {
    expect(written.size).toBeGreaterThan(1);
    const run = await cappedReplay(['--from', from.toISOString(), '--stack-file', stack.writeStackFile()]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`records\\s+${RECORDS} at or after --from`));
    expect(run.stdout).toMatch(
      new RegExp(`rewritten\\s+${written.size} objects of \\d+ ledger batches \\(written\\)`),
    );
    expect(run.stdout).toMatch(/new batches\s+0 \(0 records no object held\)/);
    expect(run.stdout).toMatch(/failures\s+0/);
    expect(run.code).toBe(0);
    // Byte for byte: the same keys with the same MD5 ETags.
    expect(await listing()).toEqual(written);
  }, 240_000);
});
