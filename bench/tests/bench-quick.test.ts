/**
 * `npm run bench -- --quick` as a user runs it, once, to keep the benchmark working: it
 * exits 0, prints the table and writes the results file in the shape issues 7 and 12 ask for. No
 * timing is asserted (this machine's speed is not the point); what must hold whatever the
 * speed is: nothing lost end to end, tracing actually traced, the help describes the flags.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runTsx } from '../../tests/helpers/run-script.js';
import type { resultsFile } from '../report.js';

const bench = (args: string[]) => runTsx('bench/run.ts', args);

const finite = expect.any(Number);

describe('npm run bench -- --quick', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof bench>>;
  let results: ReturnType<typeof resultsFile>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
    run = await bench(['--quick', '--out', join(dir, 'latest.json')]);
    results = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8').catch(() => '{}'));
  }, 110_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the table of every measurement against its target', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    for (const measure of [
      'ingest handler',
      'transform handler',
      'validation',
      'end to end: records/s sustained',
      'end to end: latency',
      'cold start ingest',
      'cold start transform',
      'memory: transformer peak RSS',
      'producer: records/s acknowledged',
      'cold start compact',
      'compact: 20000 records',
      'compact: peak RSS',
      'compact: curated Parquet bytes / JSON Lines bytes',
      '$/million records',
      'monthly bill $, dev / prod',
    ])
      expect(run.stdout).toContain(measure);
  });

  it('writes the results in the shape issues 7 and 14 ask for', () => {
    const handler = { us_per_record: finite, floor_us_per_record: finite, ratio: finite };
    const monthlyLines = Object.fromEntries(
      [
        'total',
        'kinesis',
        'lambda',
        's3_requests',
        's3_storage',
        'dynamodb',
        'cloudwatch',
        'xray',
        'sqs',
        'athena',
      ].map((key) => [key, finite]),
    );
    expect(results).toMatchObject({
      ingest: handler,
      transform: handler,
      validate_ns_per_event: finite,
      e2e: {
        target_rate: 200,
        sustained_rate: finite,
        lost: 0,
        p50_ms: finite,
        p95_ms: finite,
        p99_ms: finite,
      },
      cold_start: {
        ingest: { bundle_bytes: finite, ratio: finite },
        transform: { bundle_bytes: finite, ratio: finite },
      },
      memory: { peak_rss_mb: finite },
      producer: { target_rate: 250, achieved_rate: finite, sent: 1000, failed: 0 },
      compact: {
        records: 20_000,
        rows: 20_000,
        duplicates: 1000,
        lines: 21_000,
        partition_hour: false,
        rows_per_s: finite,
        peak_rss_mb: finite,
        curated_to_json_ratio: finite,
        cold_start: { bundle_bytes: finite, ratio: finite },
      },
      cost: {
        lambda_usd_per_million: finite,
        firehose_usd_per_million: finite,
        monthly: { dev: monthlyLines, prod: monthlyLines },
        firehose: {
          prod: { total: finite, kinesis: finite, firehose: finite, s3_requests: finite, s3_storage: finite },
        },
        reference_estimate: { dev: { total: 36 }, prod: { total: 153 } },
        // Minutes at the prod batching: measured by full runs only.
        prod_p99_latency_s: null,
      },
      run: { mode: 'quick' },
    });
    // The quick run reads a smaller object: the 100 MB figure is left empty rather than mislabelled.
    expect(results.memory).toHaveProperty('transform_100mb_peak_rss_mb', null);
    // The compactor's cold start is under `compact` only, and its heap limit is the deployed one.
    expect(results.cold_start).not.toHaveProperty('compact');
    expect(results.compact).toMatchObject({ heap_mb: 512, row_group_rows: 50_000 });
    // Parquet is smaller than the JSON Lines whatever the machine's speed.
    expect(results.compact!.curated_to_json_ratio).toBeLessThan(1);
    for (const value of [results.ingest!.ratio, results.transform!.ratio, results.cold_start!.ingest.ratio])
      expect(value).toBeGreaterThan(0);
    // The bills add up, and the processing lines the prod profile decides stay below Firehose's.
    const { prod } = results.cost!.monthly!;
    const lines = Object.entries(prod).filter(([key]) => key !== 'total');
    expect(lines.reduce((sum, [, usd]) => sum + (usd ?? 0), 0)).toBeCloseTo(prod.total, 0);
    expect(prod.lambda! + prod.s3_requests! + prod.dynamodb! + prod.cloudwatch!).toBeLessThan(
      results.cost!.firehose!.prod.firehose!,
    );
  });

  it('loses nothing end to end: every produced record is processed', () => {
    const e2e = results.e2e!;
    expect(e2e.processed).toBe(e2e.produced);
    expect(e2e.produced).toBe(e2e.target_rate * e2e.duration_s);
  });

  it('measures the traced runs with tracing at work (X-Ray segments reached the stand-in daemon)', () => {
    expect(results.xray_segments).toBeGreaterThan(0);
    expect(results.cold_start!.xray_segments).toBeGreaterThan(0);
  });
});

describe('npm run bench -- --help', () => {
  it('describes the run and every flag', async () => {
    const { code, stdout } = await bench(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--quick',
      '--only',
      '--out',
      '--records',
      '--e2e-rate',
      '--memory-mb',
      '--producer-rate',
      '--compact-records',
      'prod-latency',
    ])
      expect(stdout).toContain(flag);
    // A fresh tsx process: seconds on a busy machine.
  }, 60_000);
});
