/**
 * `npm run bench`: every benchmark of issue 7 in one run, ratios measured side by side in the
 * same run; prints a table and writes bench/results/latest.json. `--quick` is a small
 * version of each (under a minute), which `npm test` runs once to keep it working.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePositiveInteger, parsePositiveNumber } from '@event-pipeline/cli';
import { Command, Option } from 'commander';
import { bundleDeployed, type DeployedBundles } from './cold-start/bundle.js';
import { benchColdStart } from './cold-start/cold-start.js';
import { benchCompaction, PARTITION_HOUR_RECORDS } from './compact/compaction.js';
import { deployedCompactSettings } from './compact/deployed-settings.js';
import { benchEndToEnd } from './e2e/end-to-end.js';
import { benchCpu } from './handlers/handler-cost.js';
import { profileLatency } from './lib/cost-latency.js';
import { estimateCost } from './lib/cost-model.js';
import { monthlyCost } from './lib/cost-monthly.js';
import { validSamples } from './lib/workloads.js';
import { benchTransformMemory } from './memory/transform-memory.js';
import { benchProducer } from './producer/producer-rate.js';
import { type Measurements, renderTable, resultsFile, rows } from './report.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PARTS = ['cpu', 'cold-start', 'memory', 'e2e', 'producer', 'compact', 'prod-latency'] as const;
type Part = (typeof PARTS)[number];

interface Settings {
  records: number;
  rounds: number;
  warmup: number;
  cpuProcesses: number;
  coldStartRuns: number;
  memoryMb: number;
  e2eRate: number;
  e2eDuration: number;
  producerRate: number;
  producerDuration: number;
  compactRecords: number;
}

/** What each mode measures; flags override single settings. */
const MODES: Record<'full' | 'quick', Settings> = {
  full: {
    records: 10_000,
    rounds: 15,
    warmup: 5,
    cpuProcesses: 3,
    coldStartRuns: 11,
    memoryMb: 100,
    e2eRate: 2000,
    e2eDuration: 60,
    producerRate: 1000,
    producerDuration: 20,
    compactRecords: PARTITION_HOUR_RECORDS,
  },
  quick: {
    records: 2000,
    rounds: 5,
    warmup: 2,
    cpuProcesses: 1,
    coldStartRuns: 3,
    memoryMb: 10,
    e2eRate: 200,
    e2eDuration: 10,
    producerRate: 250,
    producerDuration: 4,
    compactRecords: 20_000,
  },
};
/** The deployed Kinesis batch size (config/stages.yml ingestBatchSize), which the cost model uses. */
const BATCH_SIZE = 100;
/** Records per PutRecords call: the most Kinesis takes, so the producer keeps up at 2,000/s. */
const PUT_BATCH_SIZE = 500;

const program = new Command()
  .name('npm run bench --')
  .description(
    'Measure the pipeline in one run: the handlers against the JSON floor (CPU, SDK answered in memory), ' +
      'validation, cold start against a bundle of just the S3 and DynamoDB clients, the transformer\u2019s ' +
      'memory on a large object, the local pipeline end to end, the producer\u2019s rate against the rate ' +
      'asked, the compactor on a partition-hour (rows/s, peak RSS, Parquet against JSON Lines bytes), and ' +
      'the cost per million records. Prints a table and writes the results as JSON.',
  )
  .option('--quick', 'a small version of every measurement, in under a minute')
  .addOption(
    new Option(
      '--only <parts...>',
      'measure only these (prod-latency: full runs only, unless named)',
    ).choices(PARTS),
  )
  .addOption(
    new Option('--out <file>', 'where the results go').default(
      join(ROOT, 'bench/results/latest.json'),
      'bench/results/latest.json',
    ),
  )
  .option('--records <n>', 'records of the large Kinesis event and raw object', parsePositiveNumber)
  .option('--rounds <n>', 'measured rounds of each CPU measurement (median)', parsePositiveNumber)
  .option(
    '--cpu-processes <n>',
    'fresh processes the CPU figures are measured in, one after another (median)',
    parsePositiveInteger,
  )
  .option('--cold-start-runs <n>', 'fresh processes per bundle and environment (median)', parsePositiveNumber)
  .option(
    '--memory-mb <n>',
    'size of the raw object the transformer reads for the memory figure',
    parsePositiveNumber,
  )
  .option('--e2e-rate <n>', 'records/s the producer sends end to end', parsePositiveNumber)
  .option('--e2e-duration <s>', 'seconds the producer runs end to end', parsePositiveNumber)
  .option('--producer-rate <n>', 'records/s asked of the producer alone', parsePositiveNumber)
  .option('--producer-duration <s>', 'seconds the producer alone runs', parsePositiveNumber)
  .option(
    '--compact-records <n>',
    'distinct records of the partition the compactor compacts',
    parsePositiveNumber,
  )
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm run bench                       # everything, as issue 7 asks (a few minutes)\n' +
      '  npm run bench -- --quick            # a small version, under a minute\n' +
      '  npm run bench -- --only cpu         # just the handler and validation CPU figures',
  );

const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const flags = program.parse().opts();
  const mode = flags.quick ? 'quick' : 'full';
  const settings: Settings = { ...MODES[mode] };
  for (const key of Object.keys(settings) as Array<keyof Settings>)
    if (flags[key] !== undefined) settings[key] = flags[key] as number;
  const parts = new Set<Part>(flags.only ?? PARTS);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const measured: Measurements = {};

  if (parts.has('cpu')) {
    log(
      `CPU: handlers on ${settings.records} records and validation, ${settings.rounds} rounds in each of ${settings.cpuProcesses} processes ...`,
    );
    measured.cpu = await benchCpu(
      { records: settings.records, rounds: settings.rounds, warmup: settings.warmup, batchSize: BATCH_SIZE },
      settings.cpuProcesses,
    );
    const samples = validSamples(1000);
    const averageBytes = samples.reduce((sum, s) => sum + s.bytes.length, 0) / samples.length;
    measured.cost = estimateCost(measured.cpu, averageBytes);
    measured.monthly = monthlyCost(ROOT, measured.cpu);
  }

  if (parts.has('cold-start') || parts.has('memory')) {
    const bundleDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
    try {
      log('Bundling the three functions as `sls package` does, and the reference ...');
      const bundles: DeployedBundles = await bundleDeployed(ROOT, bundleDir);
      if (parts.has('cold-start')) {
        log(`Cold start: ${settings.coldStartRuns} fresh processes per bundle and environment ...`);
        measured.coldStart = await benchColdStart(bundles, {
          runs: settings.coldStartRuns,
          nodeOptions: { compact: deployedCompactSettings(ROOT).nodeOptions },
        });
      }
      if (parts.has('memory')) {
        log(`Memory: the transformer on a ${settings.memoryMb} MB raw object ...`);
        measured.memory = await benchTransformMemory(bundles.transform, { megabytes: settings.memoryMb });
      }
    } finally {
      rmSync(bundleDir, { recursive: true, force: true });
    }
  }

  if (parts.has('e2e')) {
    log(`End to end: the local pipeline at ${settings.e2eRate} records/s for ${settings.e2eDuration} s ...`);
    measured.e2e = await benchEndToEnd({
      rate: settings.e2eRate,
      duration: settings.e2eDuration,
      putBatchSize: PUT_BATCH_SIZE,
      settleTimeoutS: 120,
    });
  }

  if (parts.has('producer')) {
    log(
      `Producer: ${settings.producerRate} records/s for ${settings.producerDuration} s into kinesalite ...`,
    );
    measured.producer = await benchProducer({
      rootDir: ROOT,
      rate: settings.producerRate,
      duration: settings.producerDuration,
    });
  }

  if (parts.has('compact')) {
    log(`Compaction: a partition of ${settings.compactRecords} records (+5% re-delivered) ...`);
    measured.compact = await benchCompaction({ rootDir: ROOT, records: settings.compactRecords });
  }

  // Minutes at the prod profile's batching: a full run's, or asked for by name.
  if (parts.has('prod-latency') && (mode === 'full' || flags.only?.includes('prod-latency'))) {
    log('Prod profile: its batching on the local pipeline at its per-shard rate ...');
    measured.prodLatency = await profileLatency({ rootDir: ROOT });
  }

  const results = resultsFile(
    {
      mode,
      started_at: startedAt,
      seconds: (performance.now() - started) / 1000,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpu_processes: settings.cpuProcesses,
    },
    measured,
  );
  const out = resolve(flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${renderTable(rows(measured))}\n`);
  for (const note of measured.cost?.assumptions ?? []) console.log(`cost: ${note}`);
  console.log(
    `\n${mode} run, ${results.run.seconds.toFixed(0)} s; results in ${relative(process.cwd(), out)}`,
  );
  if (mode === 'quick')
    console.log(
      'A quick run is small and barely warmed: it checks the benchmark works; figures come from the full run.',
    );
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
