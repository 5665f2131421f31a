/**
 * End-to-end latency of a batching profile, measured on the local pipeline at a scaled rate: the
 * local stack has the dev stage's shards, so the producer sends the profile's per-shard rate on
 * each of them (prod: 1,000 events/s on 4 shards = 250 a shard, so 500 events/s on 2), and each
 * shard's mapping gathers batches exactly as the profile's would: the same batch size and window.
 */
import { loadStageSettings, type StageSettings } from '@event-pipeline/cost';
import { benchEndToEnd, type EndToEndResult } from '../e2e/end-to-end.js';

export interface ProfileLatency {
  batch_size: number;
  batch_window_s: number;
  /** The profile's events per second and shard, kept on every local shard. */
  per_shard_rate: number;
  local_shards: number;
  local_rate: number;
  /** Seconds of traffic measured; the producer runs two batch times longer, as steady traffic. */
  duration_s: number;
  p50_s: number;
  p99_s: number;
  /** Over every record, also the last ones, which wait out the window once traffic stops. */
  max_s: number;
  produced: number;
  lost: number;
}

export interface ProfileLatencyOptions {
  rootDir: string;
  /** Batching to measure; the prod stage's by default. */
  batchSize?: number;
  batchWindowSeconds?: number;
  /** Events per second a shard receives; the prod workload's by default. */
  perShardRate?: number;
  /** At least this long, and long enough for four batches a shard. */
  minimumDurationS?: number;
}

/** The prod profile's per-shard rate at its reference workload. */
function prodPerShardRate(prod: StageSettings): number {
  return prod.workload.eventsPerSecond / prod.stream.shards;
}

export async function profileLatency(options: ProfileLatencyOptions): Promise<ProfileLatency> {
  const prod = loadStageSettings(options.rootDir, 'prod');
  const localShards = loadStageSettings(options.rootDir, 'dev').stream.shards;
  const batchSize = options.batchSize ?? prod.ingest.batchSize;
  const batchWindowSeconds = options.batchWindowSeconds ?? prod.ingest.batchWindowSeconds;
  const perShardRate = options.perShardRate ?? prodPerShardRate(prod);
  const fillSeconds = Math.min(batchWindowSeconds, batchSize / perShardRate);
  const duration = Math.ceil(Math.max(options.minimumDurationS ?? 30, 4 * fillSeconds));
  const rate = perShardRate * localShards;
  const e2e: EndToEndResult = await benchEndToEnd({
    rate,
    duration: duration + Math.ceil(2 * fillSeconds),
    steadyForS: duration,
    putBatchSize: 500,
    settleTimeoutS: Math.max(120, 3 * batchWindowSeconds),
    mapping: { batchSize, batchWindowSeconds },
  });
  return {
    batch_size: batchSize,
    batch_window_s: batchWindowSeconds,
    per_shard_rate: perShardRate,
    local_shards: localShards,
    local_rate: rate,
    duration_s: duration,
    p50_s: e2e.p50_ms / 1000,
    p99_s: e2e.p99_ms / 1000,
    max_s: e2e.max_ms / 1000,
    produced: e2e.produced,
    lost: e2e.lost,
  };
}
