/**
 * The local pipeline as `npm start` runs it: the emulators, the producer and the ingest and
 * transform handlers each in threads of their own, loaded as Jest loads them (ts-jest, VM
 * modules). Every produced event is found where it belongs, and a handler's failure comes
 * back across the thread with its name and message, as Lambda reports it.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { S3Event } from 'aws-lambda';
import { createContext } from '../../../src/lambda/function.js';
import { startHandlerThread } from '../../../src/pipeline/handler-thread.js';
import { type LocalPipeline, startLocalPipeline } from '../../../src/pipeline/local-pipeline.js';
import type { Reconciliation } from '../../../src/pipeline/reconcile.js';
import type { ProducerStats } from '../../../src/producer/producer.js';
import { runProducerInThread } from '../../../src/producer/producer-thread.js';
import { loadProducerSettings } from '../../../src/producer/settings.js';

const ROOT = fileURLToPath(new URL('../../../../..', import.meta.url));

describe('the local pipeline with its handlers in threads', () => {
  let pipeline: LocalPipeline;
  let stats: ProducerStats;
  let result: Reconciliation;

  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      rootDir: ROOT,
      logLevel: 'SILENT',
      mapping: { batchWindowSeconds: 0.5 },
      pollIntervalMs: 100,
      handlersInThreads: true,
    });
    stats = await runProducerInThread({
      kinesis: pipeline.emulators.clientConfig('kinesis'),
      streamName: pipeline.stack.stream,
      settings: loadProducerSettings(undefined, {
        rate: 200,
        duration: 1.5,
        batchSize: 25,
        invalidFraction: 0.1,
        seed: 20_261_130,
      }),
      onSent: (records) => pipeline.recordProduced(records),
    });
    await pipeline.settle(30_000);
    result = pipeline.reconcile();
  }, 90_000);
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('finds every produced event processed or quarantined with its reason', () => {
    expect(stats.sent).toBe(300);
    expect(result).toMatchObject({
      produced: 300,
      missing: [],
      misplaced: [],
      deadLettered: 0,
      complete: true,
    });
    expect(result.quarantined).toBe(stats.invalid);
    expect(result.processed).toBe(300 - stats.invalid);
  });

  // The transformer's own error type, which a plain structured clone of an Error would turn into "Error".
  it("returns a handler's failure with its name and message", async () => {
    const thread = await startHandlerThread<S3Event, unknown>({
      fn: 'transform',
      environment: { PROCESSED_BUCKET: pipeline.stack.processedBucket, LEDGER_TABLE: pipeline.stack.table },
      endpoints: pipeline.emulators.endpoints,
      logLevel: 'SILENT',
    });
    try {
      const event = {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            awsRegion: pipeline.emulators.region,
            s3: {
              bucket: { name: pipeline.stack.rawBucket },
              object: { key: 'raw/p=1/not-there.json', size: 1 },
            },
          },
        ],
      } as unknown as S3Event;
      const context = createContext({ name: 'transform', arn: 'arn', timeoutMs: 10_000, memoryMb: 128 });
      await expect(thread.handler(event, context)).rejects.toMatchObject({
        name: 'ObjectReadError',
        message: expect.stringContaining('not-there.json'),
      });
    } finally {
      await thread.stop();
    }
  }, 30_000);
});
