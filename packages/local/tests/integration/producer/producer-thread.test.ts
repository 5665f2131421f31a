import { describe, expect, it } from '@jest/globals';
import type { ProducedRecord } from '../../../src/producer/producer.js';
import { runProducerInThread } from '../../../src/producer/producer-thread.js';
import { loadProducerSettings } from '../../../src/producer/settings.js';
import { createStream } from '../../helpers/factories.js';
import { kinesisForTests, positions, readStream } from '../../helpers/stream.js';

describe('runProducerInThread (its thread loaded as Jest runs it: ts-jest, VM modules)', () => {
  const local = kinesisForTests();

  it('runs the producer in its thread: every acknowledged record reported, in the stream, and counted', async () => {
    const stream = await createStream(local.kinesis, 2);
    const sent: ProducedRecord[] = [];
    const stats = await runProducerInThread({
      kinesis: local.emulators.clientConfig('kinesis'),
      streamName: stream.name,
      settings: loadProducerSettings(undefined, {
        rate: 300,
        duration: 1,
        batchSize: 10,
        seed: 11,
        invalidFraction: 0.1,
      }),
      onSent: (records) => sent.push(...records),
    });
    expect(stats).toMatchObject({ planned: 300, sent: 300, failed: 0 });
    expect(stats.invalid).toBe(sent.filter((record) => !record.valid).length);
    expect(new Set(sent.map((record) => record.recordId)).size).toBe(300);
    expect(positions(await readStream(local.kinesis, stream.name))).toEqual(positions(sent));
  });

  it('stops scheduling batches once aborted, and reports what was sent until then', async () => {
    const stream = await createStream(local.kinesis, 1);
    const stop = new AbortController();
    const sent: ProducedRecord[] = [];
    const stats = await runProducerInThread({
      kinesis: local.emulators.clientConfig('kinesis'),
      streamName: stream.name,
      settings: loadProducerSettings(undefined, { rate: 100, duration: 30, batchSize: 10, seed: 12 }),
      signal: stop.signal,
      onSent: (records) => {
        sent.push(...records);
        stop.abort();
      },
    });
    expect(stats.planned).toBe(3000);
    expect(stats.sent).toBeLessThan(100);
    expect(stats.sent).toBe(sent.length);
    expect(await readStream(local.kinesis, stream.name)).toHaveLength(stats.sent);
  });

  it('reports records it could not send as failed, as runProducer does, never as sent', async () => {
    const stats = await runProducerInThread({
      kinesis: local.emulators.clientConfig('kinesis'),
      streamName: 'no-such-stream',
      settings: loadProducerSettings(undefined, { rate: 10, duration: 0.1, batchSize: 1, seed: 13 }),
    });
    expect(stats).toMatchObject({ sent: 0, failed: 1, failures: { ResourceNotFoundException: 1 } });
  });
});
