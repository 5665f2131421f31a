/**
 * The producer on its own (`runProducer`, what `npm run produce` and `npm start` run) against
 * kinesalite, with the dev stage's shard count and config/producer.yml's batch size and
 * concurrency: the rate asked for against the rate Kinesis acknowledged over the planned run,
 * and the PutRecords latencies. A timing figure, so it is measured here rather than asserted
 * by a test (a ±5% test on a few seconds of wall clock failed on a busy machine).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStreamCommand, KinesisClient, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { startEmulators } from '@event-pipeline/emulators';
import { loadProducerSettings, runProducer } from '@event-pipeline/local';
import { parse } from 'yaml';

export interface ProducerResult {
  target_rate: number;
  duration_s: number;
  /** Records/s Kinesis acknowledged, over max(the planned run, the time to the last acknowledgement). */
  achieved_rate: number;
  /** achieved_rate / target_rate. */
  ratio: number;
  planned: number;
  sent: number;
  failed: number;
  retried: number;
  calls: number;
  put_p50_ms: number;
  put_p99_ms: number;
  batch_size: number;
  concurrency: number;
  shards: number;
}

export interface ProducerOptions {
  rootDir: string;
  rate: number;
  duration: number;
}

/** The dev stage's `streamShardCount` (config/stages.yml): the stream `npm start` creates. */
function devShardCount(rootDir: string): number {
  const stages = parse(readFileSync(join(rootDir, 'config/stages.yml'), 'utf8')) as {
    default: { streamShardCount: number };
    dev?: { streamShardCount?: number };
  };
  return stages.dev?.streamShardCount ?? stages.default.streamShardCount;
}

export async function benchProducer(options: ProducerOptions): Promise<ProducerResult> {
  const shards = devShardCount(options.rootDir);
  const settings = loadProducerSettings(join(options.rootDir, 'config/producer.yml'), {
    rate: options.rate,
    duration: options.duration,
    seed: 9,
  });
  const emulators = await startEmulators({ services: ['kinesis'] });
  const kinesis = new KinesisClient(emulators.clientConfig('kinesis'));
  try {
    const streamName = 'bench-producer';
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shards }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: streamName });
    const stats = await runProducer({ kinesis, streamName, settings, source: 'bench' });
    return {
      target_rate: options.rate,
      duration_s: options.duration,
      achieved_rate: stats.achievedRate,
      ratio: stats.achievedRate / options.rate,
      planned: stats.planned,
      sent: stats.sent,
      failed: stats.failed,
      retried: stats.retried,
      calls: stats.calls,
      put_p50_ms: stats.latencyP50Ms,
      put_p99_ms: stats.latencyP99Ms,
      batch_size: settings.batchSize,
      concurrency: settings.concurrency,
      shards,
    };
  } finally {
    kinesis.destroy();
    await emulators.stop();
  }
}
