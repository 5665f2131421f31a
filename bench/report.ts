/**
 * The results file (bench/results/latest.json, the shape issue 7 asks for plus the detail
 * behind each figure) and the table printed from it, each figure against its target.
 */
import { PROD_P99_LATENCY_LIMIT_S } from '@event-pipeline/cost';
import type { ColdStartResult } from './cold-start/cold-start.js';
import type { CompactionResult } from './compact/compaction.js';
import type { EndToEndResult } from './e2e/end-to-end.js';
import type { CpuResult } from './handlers/cpu-worker.js';
import type { ProfileLatency } from './lib/cost-latency.js';
import type { CostResult } from './lib/cost-model.js';
import type { MonthlyCost } from './lib/cost-monthly.js';
import { latencyTargetMs, TARGETS } from './lib/targets.js';
import type { MemoryResult } from './memory/transform-memory.js';
import type { ProducerResult } from './producer/producer-rate.js';

export interface Measurements {
  cpu?: CpuResult;
  coldStart?: ColdStartResult;
  memory?: MemoryResult;
  e2e?: EndToEndResult;
  producer?: ProducerResult;
  compact?: CompactionResult;
  cost?: CostResult;
  /** The monthly bills (packages/cost) with this run's CPU figures. */
  monthly?: MonthlyCost;
  /** The prod profile's batching, end to end on the local pipeline at its per-shard rate. */
  prodLatency?: ProfileLatency;
}

export interface RunInfo {
  mode: 'full' | 'quick';
  started_at: string;
  seconds: number;
  node: string;
  platform: string;
  cpus: number;
  /** Fresh processes the CPU figures are the medians of. */
  cpu_processes: number;
}

/** Only the objects that hold a 100 MB (or larger) object's figure may carry its name. */
const HUNDRED_MB = 100;

export function resultsFile(run: RunInfo, m: Measurements) {
  // The compactor's cold start is reported with its other figures, under `compact`.
  const coldStart = m.coldStart && (({ compact, ...others }) => ({ compact, others }))(m.coldStart);
  const compactColdStart = coldStart?.compact;
  return {
    ingest: m.cpu?.ingest,
    transform: m.cpu?.transform,
    validate_ns_per_event: m.cpu?.validation.validate_ns_per_event,
    validation: m.cpu?.validation,
    e2e: m.e2e,
    producer: m.producer,
    cold_start: coldStart?.others,
    memory: m.memory && {
      transform_100mb_peak_rss_mb: m.memory.object_mb >= HUNDRED_MB ? m.memory.peak_rss_mb : null,
      ...m.memory,
    },
    compact: (m.compact || compactColdStart) && { ...m.compact, cold_start: compactColdStart },
    cost: (m.cost || m.monthly || m.prodLatency) && {
      ...m.cost,
      ...m.monthly,
      prod_p99_latency_s: m.prodLatency?.p99_s ?? null,
      prod_latency: m.prodLatency ?? null,
    },
    xray_segments: m.cpu?.xray_segments,
    run,
  };
}

interface Row {
  measure: string;
  value: string;
  target: string;
  /** undefined: no target for this row. */
  met?: boolean;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

export function rows(m: Measurements): Row[] {
  const out: Row[] = [];
  const { cpu, coldStart, memory, e2e, producer, compact, cost } = m;
  if (cpu) {
    for (const [name, figures, target] of [
      ['ingest', cpu.ingest, TARGETS.ingestRatio],
      ['transform', cpu.transform, TARGETS.transformRatio],
    ] as const) {
      out.push({
        measure: `${name} handler, ${figures.records} records: µs/record (floor)`,
        value: `${fixed(figures.us_per_record)} (${fixed(figures.floor_us_per_record)}) = ${fixed(figures.ratio)}x`,
        target: `<= ${fixed(target, 1)}x`,
        met: figures.ratio <= target,
      });
    }
    out.push({
      measure: 'ingest, batch of 100: ms untraced / traced',
      value: `${fixed(cpu.ingest.ms_per_batch)} / ${fixed(cpu.ingest.traced.ms_per_batch)}`,
      target: '',
    });
    out.push({
      measure: `transform, object of ${cpu.transform.records_per_object}: ms untraced / traced`,
      value: `${fixed(cpu.transform.ms_per_object)} / ${fixed(cpu.transform.traced.ms_per_object)}`,
      target: '',
    });
    out.push({
      measure: 'validation: ns/event (bytes -> event, incl. parse)',
      value: `${fixed(cpu.validation.validate_ns_per_event, 0)} (${fixed(cpu.validation.validate_bytes_ns_per_event, 0)})`,
      target: `<= ${TARGETS.validateNsPerEvent}`,
      met: cpu.validation.validate_ns_per_event <= TARGETS.validateNsPerEvent,
    });
  }
  if (e2e) {
    out.push({
      measure: `end to end: records/s sustained (${e2e.target_rate}/s for ${e2e.duration_s} s)`,
      value: fixed(e2e.sustained_rate, 0),
      target: `>= ${e2e.target_rate}`,
      met: e2e.sustained_rate >= e2e.target_rate,
    });
    out.push({
      measure: 'end to end: records lost (dead-lettered)',
      value: `${e2e.lost} (${e2e.dead_lettered})`,
      target: `${TARGETS.e2eLost}`,
      met: e2e.lost === TARGETS.e2eLost,
    });
    out.push({
      measure: 'end to end: latency p50 / p95 / p99 ms',
      value: `${e2e.p50_ms} / ${e2e.p95_ms} / ${e2e.p99_ms}`,
      target: `p99 <= ${latencyTargetMs(e2e.batch_window_s)}`,
      met: e2e.p99_ms <= latencyTargetMs(e2e.batch_window_s),
    });
  }
  if (producer) {
    const tolerance = TARGETS.producerRateTolerance;
    out.push({
      measure: `producer: records/s acknowledged (${producer.target_rate}/s for ${producer.duration_s} s, batches of ${producer.batch_size})`,
      value: `${fixed(producer.achieved_rate, 0)} (${fixed(producer.ratio)}x)`,
      target: `${producer.target_rate} ± ${tolerance * 100}%`,
      met: Math.abs(producer.ratio - 1) <= tolerance,
    });
    out.push({
      measure: 'producer: PutRecords p50 / p99 ms',
      value: `${fixed(producer.put_p50_ms, 0)} / ${fixed(producer.put_p99_ms, 0)}`,
      target: '',
    });
  }
  if (coldStart) {
    for (const name of ['ingest', 'transform'] as const) {
      const f = coldStart[name];
      out.push({
        measure: `cold start ${name}: bundle KB, ratio traced (untraced)`,
        value: `${fixed(f.bundle_bytes / 1024, 0)} KB, ${fixed(f.ratio)} (${fixed(f.ratio_untraced)})`,
        target: `<= ${fixed(TARGETS.coldStartRatioTraced)} (${fixed(TARGETS.coldStartRatioUntraced, 1)})`,
        met: f.ratio <= TARGETS.coldStartRatioTraced && f.ratio_untraced <= TARGETS.coldStartRatioUntraced,
      });
    }
    out.push({
      measure: 'cold start reference: bundle KB, ms traced env (untraced)',
      value: `${fixed(coldStart.reference.bundle_bytes / 1024, 0)} KB, ${fixed(coldStart.reference.traced.init_and_first_event_ms, 0)} (${fixed(coldStart.reference.untraced.init_and_first_event_ms, 0)})`,
      target: '',
    });
  }
  if (coldStart) {
    const f = coldStart.compact;
    out.push({
      measure: 'cold start compact: bundle KB, ratio traced (untraced)',
      value: `${fixed(f.bundle_bytes / 1024, 0)} KB, ${fixed(f.ratio)} (${fixed(f.ratio_untraced)})`,
      target: '',
    });
  }
  if (compact) {
    // The time target is the issue's, for the partition-hour; a smaller partition only shows the rate.
    const hour = compact.partition_hour;
    out.push({
      measure: `compact: ${compact.records} records (+${compact.duplicates} duplicates): s (rows/s)`,
      value: `${fixed(compact.seconds, 1)} (${fixed(compact.rows_per_s, 0)})`,
      target: hour ? `<= ${TARGETS.compactPartitionSeconds}` : '',
      ...(hour ? { met: compact.seconds <= TARGETS.compactPartitionSeconds } : {}),
    });
    out.push({
      measure: `compact: peak RSS MB (heap limit ${compact.heap_mb} MB, row groups of ${compact.row_group_rows})`,
      value: fixed(compact.peak_rss_mb, 0),
      target: `<= ${TARGETS.compactPeakRssMb}`,
      met: compact.peak_rss_mb <= TARGETS.compactPeakRssMb,
    });
    out.push({
      measure: 'compact: curated Parquet bytes / JSON Lines bytes',
      value: fixed(compact.curated_to_json_ratio, 3),
      target: `<= ${fixed(TARGETS.compactCuratedRatio, 2)}`,
      met: compact.curated_to_json_ratio <= TARGETS.compactCuratedRatio,
    });
  }
  if (memory) {
    out.push({
      measure: `memory: transformer peak RSS MB, ${fixed(memory.object_mb, 0)} MB object`,
      value: `${fixed(memory.peak_rss_mb, 0)} (${fixed(memory.mb_per_second, 0)} MB/s)`,
      target: `<= ${TARGETS.transformPeakRssMb}`,
      met: memory.peak_rss_mb <= TARGETS.transformPeakRssMb,
    });
  }
  if (cost) {
    out.push({
      measure: '$/million records: ingest Lambda vs Firehose + dynamic partitioning',
      value: `${fixed(cost.lambda_usd_per_million, 4)} vs ${fixed(cost.firehose_usd_per_million, 4)}`,
      target: '',
    });
    out.push({
      measure: '$/million: whole Lambda pipeline (ingest + transform), + S3 requests',
      value: `${fixed(cost.pipeline_lambda_usd_per_million, 4)} + ${fixed(cost.pipeline_s3_requests_usd_per_million, 4)}`,
      target: '',
    });
  }
  if (m.monthly) {
    const { dev, prod } = m.monthly.monthly;
    const { reference_estimate: reference } = m.monthly;
    const processing = (t: Partial<Record<string, number>>) =>
      (t.lambda ?? 0) + (t.s3_requests ?? 0) + (t.dynamodb ?? 0) + (t.cloudwatch ?? 0) + (t.firehose ?? 0);
    out.push({
      measure: 'monthly bill $, dev / prod (npm run cost, reference workloads)',
      value: `${fixed(dev.total)} / ${fixed(prod.total)}`,
      target: `reference ${reference.dev.total} / ${reference.prod.total}`,
    });
    out.push({
      measure: 'prod processing $/month (Lambda, S3 requests, DynamoDB, CloudWatch) vs Firehose',
      value: `${fixed(processing(prod))} vs ${fixed(processing(m.monthly.firehose.prod))}`,
      target: '',
    });
  }
  if (m.prodLatency) {
    out.push({
      measure: `prod profile p99 s (batch ${m.prodLatency.batch_size}, window ${m.prodLatency.batch_window_s} s, ${m.prodLatency.per_shard_rate}/s a shard, local)`,
      value: fixed(m.prodLatency.p99_s, 1),
      target: `<= ${PROD_P99_LATENCY_LIMIT_S}`,
      met: m.prodLatency.p99_s <= PROD_P99_LATENCY_LIMIT_S && m.prodLatency.lost === 0,
    });
  }
  return out;
}

export function renderTable(table: readonly Row[]): string {
  const status = (row: Row) => (row.met === undefined ? '' : row.met ? 'met' : 'MISSED');
  const header: Row = { measure: 'measure', value: 'value', target: 'target' };
  const all = [header, ...table];
  const widths = [
    Math.max(...all.map((row) => row.measure.length)),
    Math.max(...all.map((row) => row.value.length)),
    Math.max(...all.map((row) => row.target.length)),
  ];
  const line = (row: Row, mark: string) =>
    `${row.measure.padEnd(widths[0]!)}  ${row.value.padStart(widths[1]!)}  ${row.target.padEnd(widths[2]!)}  ${mark}`.trimEnd();
  return [
    line(header, ''),
    '-'.repeat(widths[0]! + widths[1]! + widths[2]! + 12),
    ...table.map((r) => line(r, status(r))),
  ].join('\n');
}
