/**
 * The local pipeline as `npm start` runs it, its threads loaded as Jest loads them (ts-jest, VM
 * modules): the emulators in theirs, the producer in its own, the handlers on this one. Every
 * produced event is found where it belongs, read back from s3rver's store across the threads.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type LocalPipeline, startLocalPipeline } from '../../../src/pipeline/local-pipeline.js';
import type { Reconciliation } from '../../../src/pipeline/reconcile.js';
import type { ProducerStats } from '../../../src/producer/producer.js';
import { runProducerInThread } from '../../../src/producer/producer-thread.js';
import { loadProducerSettings } from '../../../src/producer/settings.js';

const ROOT = fileURLToPath(new URL('../../../../..', import.meta.url));

describe('the local pipeline over its threads', () => {
  let pipeline: LocalPipeline;
  let stats: ProducerStats;
  let result: Reconciliation;

  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      rootDir: ROOT,
      logLevel: 'SILENT',
      mapping: { batchWindowSeconds: 0.5 },
      pollIntervalMs: 100,
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
});
