/**
 * The producer against real kinesalite. Rejections are injected at the SDK's middleware
 * level: the rejected entries are taken out of the request before it is sent and answered
 * as Kinesis answers a throttled entry, so what reaches the stream is exactly what was accepted.
 */

import {
  KinesisClient,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { Emulators } from '@event-pipeline/emulators';
import { describe, expect, it } from '@jest/globals';
import type { ProducedRecord } from '../../../src/producer/producer.js';
import { runProducer } from '../../../src/producer/producer.js';
import { loadProducerSettings } from '../../../src/producer/settings.js';
import { createStream } from '../../helpers/factories.js';
import { kinesisForTests, positions, readStream } from '../../helpers/stream.js';

const THROTTLED: PutRecordsResultEntry = {
  ErrorCode: 'ProvisionedThroughputExceededException',
  ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream local under account 000000000000.',
};

/** A client whose PutRecords rejects the entries `reject` picks, before they reach Kinesis. */
function rejectingClient(emulators: Emulators, reject: (data: Uint8Array) => boolean) {
  const client = new KinesisClient(emulators.clientConfig('kinesis'));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args);
      const input = args.input as PutRecordsCommandInput;
      const records = input.Records ?? [];
      const rejected = records.map((record) => reject(record.Data!));
      const forwarded = records.filter((_, i) => !rejected[i]);
      const answered: PutRecordsResultEntry[] = [];
      if (forwarded.length > 0) {
        const result = await next({ ...args, input: { ...input, Records: forwarded } });
        answered.push(...((result.output as PutRecordsCommandOutput).Records ?? []));
      }
      const output: PutRecordsCommandOutput = {
        $metadata: {},
        FailedRecordCount: rejected.filter(Boolean).length,
        Records: rejected.map((isRejected) => (isRejected ? THROTTLED : answered.shift()!)),
      };
      return { output, response: {} } as never;
    },
    { step: 'initialize', name: 'injectRejections' },
  );
  return client;
}

describe('runProducer', () => {
  const local = kinesisForTests();

  it('retries rejected records with backoff until accepted, counting each as sent once', async () => {
    const stream = await createStream(local.kinesis, 2);
    const seen = new Set<string>();
    // Every record is rejected the first time it is sent.
    const client = rejectingClient(local.emulators, (data) => {
      const key = Buffer.from(data).toString('base64');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const sent: ProducedRecord[] = [];
    const stats = await runProducer({
      kinesis: client,
      streamName: stream.name,
      settings: loadProducerSettings(undefined, { rate: 200, duration: 1, batchSize: 20, seed: 7 }),
      onSent: (records) => sent.push(...records),
      retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20 },
    });
    expect(stats).toMatchObject({ planned: 200, sent: 200, failed: 0, retried: 200 });
    expect(positions(await readStream(local.kinesis, stream.name))).toEqual(positions(sent));
    expect(new Set(sent.map((record) => record.recordId)).size).toBe(200);
  });

  it('counts a record that is still rejected after the last attempt as failed, never as sent', async () => {
    const stream = await createStream(local.kinesis, 1);
    let first: string | undefined;
    const client = rejectingClient(local.emulators, (data) => {
      const key = Buffer.from(data).toString('base64');
      first ??= key;
      return key === first;
    });
    const stats = await runProducer({
      kinesis: client,
      streamName: stream.name,
      settings: loadProducerSettings(undefined, { rate: 100, duration: 0.5, batchSize: 10, seed: 8 }),
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    expect(stats).toMatchObject({
      planned: 50,
      sent: 49,
      failed: 1,
      retried: 2,
      failures: { ProvisionedThroughputExceededException: 1 },
    });
    expect(await readStream(local.kinesis, stream.name)).toHaveLength(49);
  });

  // The rate it holds is a timing figure, measured by `npm run bench` (its producer part), not asserted here.
  it('spreads partition keys over the shards and sends the asked share of invalid records', async () => {
    const stream = await createStream(local.kinesis, 2);
    const sent: ProducedRecord[] = [];
    const stats = await runProducer({
      kinesis: local.kinesis,
      streamName: stream.name,
      settings: loadProducerSettings(undefined, {
        rate: 1000,
        duration: 1,
        batchSize: 25,
        seed: 9,
        invalidFraction: 0.1,
      }),
      onSent: (records) => sent.push(...records),
    });
    expect(stats.sent).toBe(1000);
    const perShard = new Map<string, number>();
    for (const record of sent) perShard.set(record.shardId, (perShard.get(record.shardId) ?? 0) + 1);
    expect([...perShard.values()].every((count) => count > 1000 * 0.35)).toBe(true);
    expect(sent.filter((record) => !record.valid).length).toBe(stats.invalid);
    expect(stats.invalid).toBeGreaterThan(50);
  });
});
