/**
 * End to end, locally: the embedded pipeline (packages/local: emulators, the stack from
 * resources/*.yml, the real handlers behind the emulated event sources, with the deployed
 * batch size and window) fed by the producer at `rate` records/s for `duration` s.
 * Reported: the producer's rate, the rate records landed at in the lake while it produced,
 * the records lost, and the latency from each event's own timestamp to its processed object
 * being written (p50/p95/p99).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import {
  type LocalPipeline,
  type LocalPipelineOptions,
  loadProducerSettings,
  type ProducedRecord,
  percentile,
  runProducer,
  startLocalPipeline,
} from '@event-pipeline/local';
import { identifyLine } from '@event-pipeline/schema';
import { latencyTargetMs } from '../lib/targets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface EndToEndResult {
  target_rate: number;
  duration_s: number;
  produced: number;
  /** Records/s Kinesis acknowledged, over the planned run. */
  produced_rate: number;
  /**
   * Records/s the pipeline kept up with: produced records that landed (processed or
   * quarantined) at most the latency target (batch window + 2 s) after the producer
   * stopped, per second of production (as the producer counts it: the planned run, or to its
   * last acknowledgement if later). A pipeline falling behind leaves a backlog and scores less.
   */
  sustained_rate: number;
  /**
   * Produced records found nowhere: neither processed, quarantined nor dead-lettered. Records
   * the pipeline's lake tracker did not see are looked for in the buckets themselves first.
   */
  lost: number;
  /** Records the tracker missed but the buckets hold (a blind spot of the tracker, not a loss). */
  found_by_scan: number;
  ingest_errors: number;
  transform_errors: number;
  dead_lettered: number;
  processed: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The mapping's batching window (config/stages.yml): the p99 target is this + 2 s. */
  batch_window_s: number;
  batch_size: number;
  /** From the producer's end to the last record landing. */
  drain_s: number;
  /**
   * CPU time of the whole process (every thread) per second of wall time, from the producer's
   * start to the pipeline settling: above 1 only when the work spreads over more than one core.
   */
  cpu_cores: number;
}

export interface EndToEndOptions {
  rate: number;
  duration: number;
  /** Records per PutRecords call. */
  putBatchSize: number;
  settleTimeoutS: number;
  /** Batching other than the stage's (a profile measured at a scaled rate). */
  mapping?: LocalPipelineOptions['mapping'];
  /**
   * Percentiles over the records produced in the first this many seconds only: the rest keep
   * traffic flowing, so that the last measured batches fill as under steady traffic instead of
   * waiting out the window when the producer stops. `max_ms` stays over every record.
   */
  steadyForS?: number;
}

export async function benchEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
  const pipeline = await startLocalPipeline({
    rootDir: ROOT,
    dataDir,
    logLevel: 'SILENT',
    ...(options.mapping ? { mapping: options.mapping } : {}),
  });
  try {
    const produced: ProducedRecord[] = [];
    const producedFrom = Date.now();
    const cpuFrom = process.cpuUsage();
    const stats = await runProducer({
      kinesis: pipeline.clients.kinesis,
      streamName: pipeline.stack.stream,
      settings: loadProducerSettings(undefined, {
        rate: options.rate,
        duration: options.duration,
        batchSize: options.putBatchSize,
        invalidFraction: 0,
        seed: 20_240_115,
      }),
      onSent: (records) => {
        produced.push(...records);
        pipeline.recordProduced(records);
      },
    });
    const producedUntil = Date.now();
    // The producer's own convention: its rate over the planned run, or to its last acknowledgement if later.
    const productionSeconds = stats.achievedRate > 0 ? stats.sent / stats.achievedRate : options.duration;
    await pipeline.settle(options.settleTimeoutS * 1000);
    const cpu = process.cpuUsage(cpuFrom);
    const cpuCores = (cpu.user + cpu.system) / 1000 / (Date.now() - producedFrom);

    const { landings } = pipeline.tracker;
    const reconciliation = pipeline.reconcile();
    const { batchWindowSeconds, batchSize } = pipeline.mappingSettings;
    const latencies: number[] = [];
    let maxMs = 0;
    const steadyUntil =
      options.steadyForS === undefined ? Number.POSITIVE_INFINITY : producedFrom + options.steadyForS * 1000;
    let lastLanding = producedUntil;
    let keptUp = 0;
    const keptUpBy = producedUntil + latencyTargetMs(batchWindowSeconds);
    for (const record of produced) {
      const landing = landings.get(record.recordId);
      if (landing === undefined) continue;
      lastLanding = Math.max(lastLanding, landing.landedAt);
      if (landing.landedAt <= keptUpBy) keptUp++;
      if (landing.kind !== 'processed' || record.eventTime === undefined) continue;
      maxMs = Math.max(maxMs, landing.landedAt - record.eventTime);
      if (record.eventTime <= steadyUntil) latencies.push(landing.landedAt - record.eventTime);
    }
    latencies.sort((a, b) => a - b);
    const foundByScan = await foundInLake(pipeline, reconciliation.missing);
    const status = pipeline.status();
    return {
      target_rate: options.rate,
      duration_s: options.duration,
      produced: produced.length,
      produced_rate: stats.achievedRate,
      sustained_rate: keptUp / productionSeconds,
      lost: reconciliation.missing.length - foundByScan,
      found_by_scan: foundByScan,
      ingest_errors: status.ingestErrors,
      transform_errors: status.transformErrors,
      dead_lettered: reconciliation.deadLettered,
      processed: reconciliation.processed,
      p50_ms: percentile(latencies, 50),
      p95_ms: percentile(latencies, 95),
      p99_ms: percentile(latencies, 99),
      max_ms: maxMs,
      batch_window_s: batchWindowSeconds,
      batch_size: batchSize,
      drain_s: (lastLanding - producedUntil) / 1000,
      cpu_cores: cpuCores,
    };
  } finally {
    await pipeline.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    for (const { Key } of page.Contents ?? []) if (Key !== undefined) keys.push(Key);
  return keys;
}

/** How many of `missing` the lake holds after all: every output object read, every line identified. */
async function foundInLake(pipeline: LocalPipeline, missing: readonly ProducedRecord[]): Promise<number> {
  if (missing.length === 0) return 0;
  const wanted = new Set(missing.map((record) => record.recordId));
  const { s3 } = pipeline.clients;
  const { processedBucket, rawBucket } = pipeline.stack;
  const places = [
    { bucket: processedBucket, prefix: 'processed/' },
    { bucket: processedBucket, prefix: 'quarantine/' },
    { bucket: rawBucket, prefix: 'quarantine/' },
  ];
  let found = 0;
  for (const { bucket, prefix } of places) {
    for (const key of await keysUnder(s3, bucket, prefix)) {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      for (const line of (await Body!.transformToString()).split('\n')) {
        if (line === '') continue;
        const id = identifyLine(JSON.parse(line) as Record<string, unknown>)?.id;
        if (id !== undefined && wanted.delete(id)) found++;
      }
    }
  }
  return found;
}
