/**
 * The whole local pipeline end to end, with the real ingest, transform and compact handlers: a
 * few hundred events, some invalid, go through the emulated Kinesis mapping and S3
 * notifications; every one is then found by record id in the processed output or in
 * quarantine with its reason, the ledger accounts for every batch and object, a batch that
 * always fails ends, isolated by bisection, as an on-failure record in the ingest DLQ, and the
 * compactor's schedule, at local speed, makes curated/ hold every processed record once.
 */

import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type LocalPipeline,
  loadProducerSettings,
  type ProducedRecord,
  type ProducerStats,
  runProducer,
  STREAMABLE_ERROR_CODES,
  startLocalPipeline,
} from '@event-pipeline/local';
import { sampleBatch } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 20_240_115;
const RATE = 150;
const DURATION = 2;
const INVALID_FRACTION = 0.1;
// The 40th event of the run (its partition key is its event id): the ingest function always fails on it.
const POISON_INDEX = 40;
// The schedule every 2 s locally: the stage's 5 of 15 minutes of settle become 2/3 s.
const COMPACT_EVERY_S = 2;

describe('the local pipeline, end to end', () => {
  let pipeline: LocalPipeline;
  let stats: ProducerStats;
  const produced: ProducedRecord[] = [];
  const poisonKey = sampleBatch(POISON_INDEX + 1, {
    seed: SEED,
    invalidFraction: INVALID_FRACTION,
    invalidCodes: STREAMABLE_ERROR_CODES,
  })[POISON_INDEX]!.partitionKey;

  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      rootDir: ROOT,
      logLevel: 'SILENT',
      // A shorter window and poll than the stage's 5 s and 1 s keep the test quick; the rest is as deployed.
      mapping: { batchWindowSeconds: 0.5 },
      pollIntervalMs: 100,
      compactEverySeconds: COMPACT_EVERY_S,
      wrapIngest: (handler) => async (event, context) => {
        if (event.Records.some((record) => record.kinesis.partitionKey === poisonKey))
          throw new Error('injected failure: this batch always fails');
        return handler(event, context);
      },
    });
    stats = await runProducer({
      kinesis: pipeline.clients.kinesis,
      streamName: pipeline.stack.stream,
      settings: loadProducerSettings(undefined, {
        rate: RATE,
        duration: DURATION,
        batchSize: 25,
        invalidFraction: INVALID_FRACTION,
        seed: SEED,
      }),
      onSent: (records) => {
        produced.push(...records);
        pipeline.recordProduced(records);
      },
    });
    await pipeline.settle(25_000);
    // Without .local/templates (a fresh clone), the pipeline first packages the stacks.
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  /** The keys under `prefix` (a few dozen here: one page). */
  async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
    const page = await pipeline.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect(page.IsTruncated).toBe(false);
    return (page.Contents ?? []).map((object) => object.Key!);
  }

  it('produced every event, valid and invalid', () => {
    expect(stats.sent).toBe(RATE * DURATION);
    expect(stats.failed).toBe(0);
    expect(produced.filter((record) => !record.valid).length).toBeGreaterThan(10);
  });

  it('finds every event by record id: processed, quarantined with its reason, or (the poison) dead-lettered', () => {
    const result = pipeline.reconcile();
    expect(result.missing).toEqual([]);
    expect(result.misplaced).toEqual([]);
    expect(result.deadLettered).toBe(1);
    expect(result.processed + result.quarantined + result.deadLettered).toBe(produced.length);
    for (const record of produced.filter((candidate) => !candidate.valid)) {
      expect(pipeline.tracker.landings.get(record.recordId)).toMatchObject({
        kind: 'quarantined',
        code: record.expectedCode,
      });
    }
  });

  it('sends the always-failing record, isolated by bisection, to the ingest DLQ in the on-failure format', async () => {
    const { Messages = [] } = await pipeline.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: pipeline.stack.dlq.ingest, MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toHaveLength(1);
    const message = JSON.parse(Messages[0]!.Body!);
    const poison = produced[POISON_INDEX]!;
    expect(message).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      responseContext: { functionError: 'Unhandled' },
      version: '1.0',
      KinesisBatchInfo: {
        shardId: poison.shardId,
        startSequenceNumber: poison.sequenceNumber,
        endSequenceNumber: poison.sequenceNumber,
        batchSize: 1,
        streamArn: expect.stringContaining(`:stream/${pipeline.stack.stream}`),
      },
    });
    // The first attempt, the bisections down to the lone record, then its retries.
    expect(message.requestContext.approximateInvokeCount).toBeGreaterThanOrEqual(
      1 + pipeline.mappingSettings.maximumRetryAttempts,
    );
  });

  it('records every ingest batch and every transformed object in the ledger', async () => {
    const { Items = [] } = await pipeline.clients.dynamodb.send(
      new ScanCommand({ TableName: pipeline.stack.table }),
    );
    const items = Items.map((item) => unmarshall(item));
    const ingest = items.filter((item) => item.stage === 'ingest');
    const transform = items.filter((item) => item.stage === 'transform');
    const result = pipeline.reconcile();
    const sum = (list: Array<Record<string, unknown>>, field: string) =>
      list.reduce((total, item) => total + Number(item[field]), 0);
    expect(sum(ingest, 'success_records') + sum(ingest, 'failed_records')).toBe(produced.length - 1);
    expect(sum(ingest, 'failed_records')).toBe(result.quarantined);
    const rawKeys = ingest
      .flatMap((item) => item.objects as string[])
      .filter((key) => key.startsWith('raw/'));
    expect(new Set(transform.map((item) => item.source_key))).toEqual(new Set(rawKeys));
    expect(sum(transform, 'record_count')).toBe(result.processed);
    // Every object in the lake is one a ledger item names: none was written unrecorded.
    expect(new Set(await keysUnder(pipeline.stack.rawBucket, 'raw/'))).toEqual(new Set(rawKeys));
    expect(new Set(await keysUnder(pipeline.stack.processedBucket, 'processed/'))).toEqual(
      new Set(transform.map((item) => item.destination_key)),
    );
  });

  it('compacts every processed partition on its local schedule: curated/ holds each processed record once', async () => {
    expect(pipeline.compaction.timings).toEqual({ everySeconds: COMPACT_EVERY_S, settleSeconds: 2 / 3 });
    // The schedule alone, no run asked for: it takes each partition once it has been quiet.
    const deadline = Date.now() + 30_000;
    let curated = await pipeline.reconcileCurated();
    while (!curated.complete && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      curated = await pipeline.reconcileCurated();
    }
    const result = pipeline.reconcile();
    expect(curated).toMatchObject({
      complete: true,
      uncurated: [],
      missing: [],
      duplicated: [],
      strays: [],
      processedRecords: result.processed,
      curatedRows: result.processed,
    });
    expect(pipeline.status().curated).toMatchObject({ failedRuns: 0, rows: result.processed });
    // Nothing is left pending: a run for everything finds nothing to do.
    const last = await pipeline.compact({ all: true });
    expect(last).toMatchObject({ ok: true, summary: { compacted: [], failed: [] } });
  });

  it('records each compaction in the ledger and leaves no partition pending', async () => {
    const { Items = [] } = await pipeline.clients.dynamodb.send(
      new ScanCommand({ TableName: pipeline.stack.table }),
    );
    const items = Items.map((item) => unmarshall(item));
    const partitions = items.filter((item) => item.stage === 'partition');
    const compactions = items.filter((item) => item.stage === 'compact');
    expect(partitions.length).toBe(pipeline.status().curated.partitions);
    for (const item of partitions) {
      expect(item).not.toHaveProperty('compact_queue');
      expect(item.compacted_version).toBe(item.version);
    }
    // The latest compaction of each partition is in the ledger, with the rows its curated object holds.
    const latest = new Map(
      partitions.map((item) => [`compact#${item.partition}#${item.compacted_version}`, item.partition]),
    );
    const rows = compactions
      .filter((item) => latest.has(String(item.batch_id)))
      .reduce((sum, item) => sum + Number(item.rows), 0);
    expect(rows).toBe(pipeline.reconcile().processed);
  });
});
