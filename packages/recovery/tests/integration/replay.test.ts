/**
 * Replay against the local stack: traffic before and after a point in time, one record of the
 * later traffic always failing in the pipeline's ingest (so it ends in the DLQ and in no
 * object), then everything the later traffic wrote is lost from both buckets. A replay from
 * that point rewrites the lost objects byte for byte under their own names, processes the
 * dead-lettered record into a new batch, and the transformer follows; a second replay (from
 * the command line) writes the same objects again and adds nothing.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { StackTarget } from '@event-pipeline/cli';
import { queueDepth } from '@event-pipeline/cli';
import { type LocalPipeline, STREAMABLE_ERROR_CODES } from '@event-pipeline/local';
import { waitFor } from '@event-pipeline/runtime/testing';
import { partitionPath, sampleBatch } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { replay } from '../../src/replay.js';
import { linesOf, readObjects, type SentRecord } from '../helpers/local-stack.js';
import { type RecoveryStack, startRecoveryStack } from '../helpers/recovery-stack.js';

/** A bucket's objects as comparable content: processed lines without the time they were processed. */
function lakeContent(objects: Map<string, string>): Map<string, unknown[]> {
  return new Map(
    [...objects].map(([key, body]) => [
      key,
      linesOf(body).map(({ processed_timestamp: _processedAt, ...line }) => line),
    ]),
  );
}

const lineCount = (objects: Map<string, string>) =>
  [...objects.values()].reduce((sum, body) => sum + linesOf(body).length, 0);

describe('replay of the stream into the local stack', () => {
  let stack: RecoveryStack;
  let pipeline: LocalPipeline;
  let target: StackTarget;
  let later: SentRecord[];
  let poison: SentRecord;
  let from: Date;
  /** What the later traffic wrote, as it was before it was lost. */
  const lost = { raw: new Map<string, string>(), processed: new Map<string, string>() };

  const raw = () => readObjects(pipeline.clients.s3, pipeline.stack.rawBucket, '');
  const processed = () => readObjects(pipeline.clients.s3, pipeline.stack.processedBucket, '');

  beforeAll(async () => {
    const samples = sampleBatch(140, {
      seed: 23,
      invalidFraction: 0.1,
      invalidCodes: STREAMABLE_ERROR_CODES,
    });
    const poisonKey = samples.slice(60).find((sample) => sample.valid)!.partitionKey;
    stack = await startRecoveryStack({
      wrapIngest: (handler) => async (event, context) => {
        if (event.Records.some((record) => record.kinesis.partitionKey === poisonKey))
          throw new Error('injected: a batch holding this record always fails');
        return handler(event, context);
      },
    });
    ({ pipeline, target } = stack);

    await stack.send(samples.slice(0, 60));
    await pipeline.settle(15_000);
    const before = { raw: await raw(), processed: await processed() };
    await sleep(50);
    from = new Date();
    await sleep(50);
    later = await stack.send(samples.slice(60));
    poison = later.find((record) => record.sample.partitionKey === poisonKey)!;
    await pipeline.settle(15_000);

    // Lose everything the later traffic wrote.
    for (const [bucket, objects, into] of [
      [pipeline.stack.rawBucket, await raw(), lost.raw],
      [pipeline.stack.processedBucket, await processed(), lost.processed],
    ] as const) {
      const existed = bucket === pipeline.stack.rawBucket ? before.raw : before.processed;
      for (const [key, body] of objects) {
        if (existed.has(key)) continue;
        into.set(key, body);
        await pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
    }
  }, 40_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('had the always-failing record dead-lettered and lost what the later traffic wrote', async () => {
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest)).toBe(1);
    expect(lost.raw.size).toBeGreaterThan(4);
    const lostLines = [...lost.raw.values()].flatMap(linesOf);
    expect(lostLines).toHaveLength(later.length - 1);
  });

  it('in a dry run, plans the rewrites and the one new batch, and writes nothing', async () => {
    const summary = await replay({ target, from, dryRun: true });
    expect(summary).toMatchObject({
      records: later.length,
      objects: lost.raw.size,
      groups: 1,
      groupRecords: 1,
    });
    expect([...(await raw()).keys()].some((key) => lost.raw.has(key))).toBe(false);
  });

  it('rewrites every lost raw object byte for byte, processes the dead-lettered record, and the transformer follows', async () => {
    const summary = await replay({ target, from });
    expect(summary).toMatchObject({ failures: 0, objects: lost.raw.size, groups: 1, groupRecords: 1 });

    const now = await raw();
    for (const [key, body] of lost.raw) expect(now.get(key)).toBe(body);
    const added = [...now.keys()].filter((key) =>
      key.includes(`_${poison.shardId}_${poison.sequenceNumber}_`),
    );
    expect(added).toEqual([
      `raw/${partitionPath(poison.sample.valid ? poison.sample.event : never())}/data_${poison.shardId}_${poison.sequenceNumber}_${poison.sequenceNumber}.json`,
    ]);

    await waitFor(
      async () => (await processed()).size >= lost.processed.size + 1,
      15_000,
      'the transformer to follow',
    );
    await pipeline.settle(10_000);
    const restored = lakeContent(await processed());
    for (const [key, lines] of lakeContent(lost.processed)) expect(restored.get(key)).toEqual(lines);
    const poisonLines = [...restored.values()]
      .flat()
      .filter((line) => (line as { record_id?: string }).record_id === poison.recordId);
    expect(poisonLines).toHaveLength(1);
  }, 30_000);

  it('replayed again (from the command line), writes the same objects and adds nothing', async () => {
    const before = { raw: await raw(), processed: await processed() };
    const stackFile = stack.writeStackFile();
    const run = await runScript('replay.ts', ['--from', from.toISOString(), '--stack-file', stackFile]);
    expect(run.output).toMatch(/new batches\s+0 \(0 records no object held\)/);
    expect(run.output).toMatch(new RegExp(`rewritten\\s+${lost.raw.size + 1} objects`));
    expect(run.code).toBe(0);
    await sleep(200);
    await pipeline.settle(10_000);
    const after = { raw: await raw(), processed: await processed() };
    expect([...after.raw.keys()].sort()).toEqual([...before.raw.keys()].sort());
    expect([...after.processed.keys()].sort()).toEqual([...before.processed.keys()].sort());
    expect(lineCount(after.raw)).toBe(lineCount(before.raw));
    expect(lineCount(after.processed)).toBe(lineCount(before.processed));
    expect(lakeContent(after.raw)).toEqual(lakeContent(before.raw));
  }, 30_000);

  it('replays nothing from after the last record', async () => {
    const summary = await replay({ target, from: new Date() });
    expect(summary).toMatchObject({ records: 0, objects: 0, groups: 0, failures: 0 });
    expect(summary.shards.length).toBeGreaterThan(1);
  });
});

function never(): never {
  throw new Error('the always-failing record is a valid event');
}
