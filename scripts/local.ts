/**
 * `npm start`: the whole pipeline on this machine (design.md §7). Emulators in this process,
 * the stack created from resources/*.yml, the real handlers behind the emulated Kinesis and
 * S3 event sources, the producer per config/producer.yml, a live status line, and a summary
 * that reconciles every produced event. Exit status 1 if any event is not where it belongs.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  addProducerOptions,
  createLiveLine,
  type LiveLine,
  type LogLevel,
  logLevelOption,
  type ProducerFlags,
  parseNumber,
  parsePositiveInteger,
  producerConfigOption,
  producerOverrides,
  repositoryFileOption,
  runMain,
  statsTable,
  statusLine,
  summaryTable,
  table,
} from '@event-pipeline/cli';
import {
  compactionRows,
  curatedReconciliationRows,
  curatedStatus,
  curatedVerdict,
  type LocalPipeline,
  loadProducerSettings,
  type ProducerSettings,
  type ProducerStats,
  type Reconciliation,
  runProducer,
  startLocalPipeline,
  writeStackEnv,
  writeStackFile,
} from '@event-pipeline/local';
import { Command } from 'commander';
import { ROOT } from './repository.js';

const program = new Command()
  .name('npm start --')
  .description(
    'Run the whole event pipeline locally: in-process AWS emulators (Kinesis, S3, DynamoDB, SQS), the ' +
      'resources of resources/*.yml, the real ingest and transform handlers behind emulated event sources, ' +
      'and the producer. Prints a live status line and ends with a summary reconciling every produced event ' +
      '(exit status 1 if any is missing). Writes .local/stack.json for `npm run produce` and `sls invoke local`.',
  );
addProducerOptions(program)
  .option('--keep-alive', 'keep the stack serving after the producer is done, until Ctrl-C or SIGTERM')
  .option('--stage <stage>', 'whose parameters (config/stages.yml) shape the local stack', 'dev')
  .addOption(
    repositoryFileOption('--data-dir <dir>', 'where the stack file and the S3 data go', ROOT, '.local'),
  )
  .addOption(producerConfigOption(ROOT))
  .option(
    '--settle-timeout <seconds>',
    'how long to wait for the pipeline to finish after producing',
    parseNumber,
    120,
  )
  .option(
    '--compact-every <seconds>',
    "run the compactor's schedule this often, its settle time scaled alike (at the end of the run it compacts everything)",
    parsePositiveInteger,
    60,
  )
  .addOption(logLevelOption("the handlers' Powertools log level", 'ERROR'))
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm start                                  # 60 s at 10 events/s, then the summary\n' +
      '  npm start -- --rate 1000 --duration 30     # 30,000 events\n' +
      '  npm start -- --duration 0 --keep-alive     # just the stack; then `npm run produce` elsewhere\n' +
      '\nData: the lake is kept under <data-dir>/s3/<bucket>/; the stream, ledger and queues live in memory.',
  );

interface Flags extends ProducerFlags {
  keepAlive?: boolean;
  stage: string;
  dataDir: string;
  config: string;
  settleTimeout: number;
  compactEvery: number;
  logLevel: LogLevel;
}

/** Where the stack file and its shell form go: the other tools find the running stack there. */
const stackFiles = (dataDir: string) => ({
  json: join(dataDir, 'stack.json'),
  env: join(dataDir, 'stack.env'),
});

function stackReady(pipeline: LocalPipeline, dataDir: string): string {
  const { stack, mappingSettings: m } = pipeline;
  return [
    `Stack ready (${relative(process.cwd(), stackFiles(dataDir).json)}):`,
    `  stream      ${stack.stream} -> ingest: batch ${m.batchSize}, window ${m.batchWindowSeconds} s, ${m.maximumRetryAttempts} retries, bisect ${m.bisectBatchOnFunctionError}`,
    `  raw         s3://${stack.rawBucket} -> transform (async, retried, then DLQ)`,
    `  processed   s3://${stack.processedBucket}`,
    `  ledger      ${stack.table}`,
    `  DLQs        ${stack.dlq.ingest}\n              ${stack.dlq.transform}`,
    `  data        ${relative(process.cwd(), join(dataDir, 's3'))}/`,
  ].join('\n');
}

/** The emulators and the stack started, and the stack file written for the other tools. */
async function startStack(flags: Flags): Promise<LocalPipeline> {
  console.log('Starting the emulators and creating the stack from resources/*.yml ...');
  const pipeline = await startLocalPipeline({
    rootDir: ROOT,
    stage: flags.stage,
    dataDir: flags.dataDir,
    logLevel: flags.logLevel,
    compactEverySeconds: flags.compactEvery,
  });
  for (const note of pipeline.notes) console.log(`  note: ${note}`);
  const files = stackFiles(flags.dataDir);
  writeStackFile(files.json, pipeline.stack);
  writeStackEnv(files.env, pipeline.stack);
  console.log(stackReady(pipeline, flags.dataDir));
  return pipeline;
}

/** Stops the stack; a stopped stack leaves no stack file behind: tools then say to start it instead of timing out. */
async function stopStack(pipeline: LocalPipeline, dataDir: string): Promise<void> {
  await pipeline.stop();
  const files = stackFiles(dataDir);
  rmSync(files.json, { force: true });
  rmSync(files.env, { force: true });
}

/**
 * Aborted by the first Ctrl-C or SIGTERM: the producer stops and what is in flight drains. A
 * second one exits at once.
 */
function interruption(line: LiveLine): AbortSignal {
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (signal: string) => {
    // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): a repeat within a second is the same one.
    if (interrupted > 0 && Date.now() - interrupted < 1_000) return;
    if (interrupted > 0) {
      line.done();
      console.error(`${signal} again: exiting without draining`);
      process.exit(130);
    }
    interrupted = Date.now();
    line.log(`${signal}: stopping the producer and draining what is in flight (again to exit at once) ...`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return controller.signal;
}

/** The producer's run into the stack, then the wait for the pipeline to finish with it. */
async function produce(
  pipeline: LocalPipeline,
  settings: ProducerSettings,
  flags: Flags,
  stop: AbortSignal,
  line: LiveLine,
): Promise<ProducerStats> {
  line.log(
    `Producing ${settings.rate} events/s for ${settings.duration} s (batch ${settings.batchSize}, ` +
      `${settings.invalidFraction * 100}% invalid, seed ${settings.seed}) ...`,
  );
  const stats = await runProducer({
    kinesis: pipeline.clients.kinesis,
    streamName: pipeline.stack.stream,
    settings,
    signal: stop,
    onSent: (records) => pipeline.recordProduced(records),
  });
  line.log(`Producer done; waiting for the pipeline to finish (at most ${flags.settleTimeout} s) ...`);
  await pipeline.settle(flags.settleTimeout * 1000);
  return stats;
}

/** --keep-alive: serves other producers until interrupted, then waits for the pipeline to finish. */
async function serve(
  pipeline: LocalPipeline,
  flags: Flags,
  stop: AbortSignal,
  line: LiveLine,
): Promise<void> {
  line.log('Serving (--keep-alive): `npm run produce` in another shell feeds it; Ctrl-C to stop.');
  await new Promise<void>((resolveWait) =>
    stop.addEventListener('abort', () => resolveWait(), { once: true }),
  );
  await pipeline.settle(flags.settleTimeout * 1000);
}

/** The last line of the run, and its exit status: 1 unless every produced event is where it belongs. */
function verdict(result: Reconciliation): [string, number] {
  if (result.produced === 0) return ['Nothing was produced by this run: nothing to reconcile.', 0];
  if (result.complete)
    return [`Reconciled: all ${result.produced} produced events are processed or quarantined.`, 0];
  return [
    `NOT reconciled: ${result.missing.length} missing, ${result.deadLettered} dead-lettered, ${result.misplaced.length} misplaced.`,
    1,
  ];
}

async function main(): Promise<number> {
  const flags = program.parse().opts<Flags>();
  const settings = loadProducerSettings(flags.config, producerOverrides(flags));
  mkdirSync(flags.dataDir, { recursive: true });
  const line = createLiveLine();
  const started = Date.now();
  const pipeline = await startStack(flags);
  const stop = interruption(line);
  const live = () => {
    const status = pipeline.status();
    return `${statusLine(status, Date.now() - started)} | ${curatedStatus(status.curated)}`;
  };
  const ticker = setInterval(() => line.update(live()), 250);
  const producerStats =
    settings.duration > 0 ? await produce(pipeline, settings, flags, stop, line) : undefined;
  if (flags.keepAlive && !stop.aborted) await serve(pipeline, flags, stop, line);
  line.log('Compacting every pending partition into curated/ ...');
  const compaction = await pipeline.compact({ all: true });
  const curated = await pipeline.reconcileCurated();
  clearInterval(ticker);
  line.done(live());

  const status = pipeline.status();
  const result = pipeline.reconcile();
  await stopStack(pipeline, flags.dataDir);
  if (producerStats !== undefined) console.log(`\nProducer\n${statsTable(producerStats, settings.rate)}`);
  console.log(`\nSummary\n${summaryTable(result, status, producerStats?.invalid ?? 0)}`);
  console.log(
    `\nCurated\n${table([...compactionRows(status.curated), ...curatedReconciliationRows(curated)])}`,
  );
  if (!compaction.ok) console.log(`\nThe last compaction failed: ${compaction.error.message}`);
  const [last, code] = verdict(result);
  console.log(`\n${last}\n${curatedVerdict(curated)}`);
  return curated.complete || curated.partitions === 0 ? code : 1;
}

runMain(main, (error) => `\nlocal pipeline: ${(error as Error).stack ?? error}`);
