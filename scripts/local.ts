/**
 * `npm start`: the whole pipeline on this machine (docs/architecture.md §7). Emulators in this
 * process, the stack created from resources/*.yml, the real handlers behind the emulated Kinesis
 * and S3 event sources, the producer per config/producer.yml, a live status line, and a summary
 * that reconciles every produced event. Exit status 1 if any event is not where it belongs, 2 if
 * it could not run (a bad flag, another stack on the same data folder).
 */

import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  addProducerOptions,
  createLiveLine,
  DEFAULT_DATA_DIR,
  type LiveLine,
  logLevelOption,
  type ProducerFlags,
  parseNonNegativeNumber,
  parsePositiveInteger,
  producerConfigOption,
  producerOverrides,
  type QueueDepths,
  repositoryFileOption,
  runMain,
  STACK_FILE_NAME,
  stackNotes,
  stageOption,
  statsTable,
  statusLine,
  summaryTable,
  table,
  toolCommand,
  watchQueueDepths,
} from '@event-pipeline/cli';
import {
  compactionRows,
  curatedReconciliationRows,
  curatedStatus,
  curatedVerdict,
  describeOwner,
  type LocalPipeline,
  loadProducerSettings,
  lockDataDir,
  type ProducerSettings,
  type ProducerStats,
  type Reconciliation,
  runProducerInThread,
  type StackLock,
  startLocalPipeline,
  writeStackEnv,
  writeStackFile,
} from '@event-pipeline/local';
import type { LogLevel } from '@event-pipeline/runtime';
import { ROOT } from './repository.js';

const program = toolCommand('npm start --').description(
  'Run the whole event pipeline locally: in-process AWS emulators (Kinesis, S3, DynamoDB, SQS; in a thread of their own), the ' +
    'resources of the templates `sls package` compiles, the real ingest, transform and compact handlers behind ' +
    'emulated event sources and schedule, and the producer. Prints a live status line and ends with a summary ' +
    'reconciling every produced event, and curated/ against processed/ (exit status 1 if any is missing). Writes .local/stack.json for `npm run produce` and `sls invoke local`. ' +
    'One stack per data folder: a second one refuses to start, naming the first (exit status 2).',
);
addProducerOptions(program)
  .option('--keep-alive', 'keep the stack serving after the producer is done, until Ctrl-C or SIGTERM')
  .addOption(stageOption('whose parameters (config/stages.yml) shape the local stack', 'dev'))
  .addOption(
    repositoryFileOption(
      '--data-dir <dir>',
      'where the stack file and the S3 data go: one stack at a time per folder (the other tools take the same flag)',
      ROOT,
      DEFAULT_DATA_DIR,
    ),
  )
  .addOption(producerConfigOption(ROOT))
  .option(
    '--settle-timeout <seconds>',
    'how long to wait for the pipeline to finish after producing',
    parseNonNegativeNumber,
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
      '  npm start -- --data-dir /tmp/second        # a second stack beside the first\n' +
      '\nData: the lake is kept under <data-dir>/s3/<bucket>/; the stream, ledger and queues live in memory.\n' +
      'The live line counts this run, except DLQ: the messages both dead-letter queues hold.',
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

/** A path as the operator reads it best: relative inside the working directory, absolute elsewhere. */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') ? path : near;
}

/** Where the stack file and its shell form go: the other tools find the running stack there. */
const stackFiles = (dataDir: string) => ({
  json: join(dataDir, STACK_FILE_NAME),
  env: join(dataDir, 'stack.env'),
});

function stackReady(pipeline: LocalPipeline, dataDir: string): string {
  const { stack, mappingSettings: m } = pipeline;
  return [
    `Stack ready (${shown(stackFiles(dataDir).json)}):`,
    `  stream      ${stack.stream} -> ingest: batch ${m.batchSize}, window ${m.batchWindowSeconds} s, ${m.maximumRetryAttempts} retries, bisect ${m.bisectBatchOnFunctionError}`,
    `  raw         s3://${stack.rawBucket} -> transform (async, retried, then DLQ)`,
    `  processed   s3://${stack.processedBucket}`,
    `  ledger      ${stack.table}`,
    `  DLQs        ${stack.dlq.ingest}\n              ${stack.dlq.transform}`,
    `  data        ${shown(join(dataDir, 's3'))}/`,
  ].join('\n');
}

/**
 * The data folder taken for this process: the lock first, before anything starts, released with
 * the stack files on every way out (the end of main, an error, a second Ctrl-C's exit). A stopped
 * stack leaves no stack file behind: tools then say to start it instead of timing out.
 */
function takeDataDir(dataDir: string): { lock: StackLock; release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  if (lock.tookOverFrom !== undefined)
    console.log(
      `note: took over ${shown(lock.file)} from a stack that is no longer running ` +
        `(${describeOwner(lock.tookOverFrom)})`,
    );
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (lock.owner.endpoints !== undefined) {
      const files = stackFiles(dataDir);
      rmSync(files.json, { force: true });
      rmSync(files.env, { force: true });
    }
    lock.release();
  };
  process.once('exit', release);
  return { lock, release };
}

/** The emulators and the stack started, and the stack file written for the other tools. */
async function startStack(flags: Flags, lock: StackLock): Promise<LocalPipeline> {
  console.log('Starting the emulators and creating the stack from the templates `sls package` compiles ...');
  const pipeline = await startLocalPipeline({
    rootDir: ROOT,
    stage: flags.stage,
    dataDir: flags.dataDir,
    logLevel: flags.logLevel,
    compactEverySeconds: flags.compactEvery,
  });
  for (const note of stackNotes(pipeline.notes)) console.log(`  note: ${note}`);
  lock.setEndpoints(pipeline.stack.endpoints);
  const files = stackFiles(flags.dataDir);
  const stack = { ...pipeline.stack, pid: lock.owner.pid, startedAt: lock.owner.startedAt };
  writeStackFile(files.json, stack);
  writeStackEnv(files.env, stack);
  console.log(stackReady(pipeline, flags.dataDir));
  return pipeline;
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
  // In a thread of its own: at `batch_size` 10, 2,000 events/s are 200 PutRecords calls a second.
  const stats = await runProducerInThread({
    kinesis: pipeline.emulators.clientConfig('kinesis'),
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

/** The live line, redrawn a few times a second; DLQ from the queues themselves. */
function showStatus(pipeline: LocalPipeline, line: LiveLine, started: number) {
  const dlq: QueueDepths = watchQueueDepths(pipeline.clients.sqs, [
    pipeline.stack.dlq.ingest,
    pipeline.stack.dlq.transform,
  ]);
  const status = () => {
    const counts = pipeline.status();
    return `${statusLine(counts, Date.now() - started, dlq.latest())} | ${curatedStatus(counts.curated)}`;
  };
  const ticker = setInterval(() => line.update(status()), 250);
  return {
    async stop() {
      clearInterval(ticker);
      await dlq.refresh().catch(() => undefined);
      dlq.stop();
      line.done(status());
    },
  };
}

async function main(): Promise<number> {
  const flags = program.parse().opts<Flags>();
  const settings = loadProducerSettings(flags.config, producerOverrides(flags));
  const dataDir = takeDataDir(flags.dataDir);
  try {
    const line = createLiveLine();
    const stop = interruption(line);
    const started = Date.now();
    const pipeline = await startStack(flags, dataDir.lock);
    let producerStats: ProducerStats | undefined;
    const status = showStatus(pipeline, line, started);
    let compacted: Awaited<ReturnType<LocalPipeline['compact']>>;
    let curated: Awaited<ReturnType<LocalPipeline['reconcileCurated']>>;
    try {
      if (settings.duration > 0 && !stop.aborted)
        producerStats = await produce(pipeline, settings, flags, stop, line);
      if (flags.keepAlive && !stop.aborted) await serve(pipeline, flags, stop, line);
      line.log('Compacting every pending partition into curated/ ...');
      compacted = await pipeline.compact({ all: true });
      curated = await pipeline.reconcileCurated();
    } catch (error) {
      await pipeline.stop();
      throw error;
    } finally {
      await status.stop();
    }
    const counts = pipeline.status();
    const result = pipeline.reconcile();
    await pipeline.stop();
    dataDir.release();
    if (producerStats !== undefined) console.log(`\nProducer\n${statsTable(producerStats, settings.rate)}`);
    console.log(`\nSummary\n${summaryTable(result, counts, producerStats?.invalid ?? 0)}`);
    console.log(
      `\nCurated\n${table([...compactionRows(counts.curated), ...curatedReconciliationRows(curated)])}`,
    );
    if (!compacted.ok) console.log(`\nThe last compaction failed: ${compacted.error.message}`);
    const [last, code] = verdict(result);
    console.log(`\n${last}\n${curatedVerdict(curated)}`);
    console.log(queryHint(flags.dataDir));
    return curated.complete || curated.partitions === 0 ? code : 1;
  } finally {
    dataDir.release();
  }
}

/** The summary's last line: where to go next with what the run left in the lake. */
function queryHint(dataDir: string): string {
  const dir = resolve(ROOT, dataDir) === resolve(ROOT, DEFAULT_DATA_DIR) ? '' : ` --data-dir ${dataDir}`;
  return `Query the lake: npm run query -- --list${dir} (the saved queries), or npm run query --${dir} "SELECT ..."`;
}

runMain('npm start', main);
