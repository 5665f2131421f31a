/**
 * `npm start`: the whole pipeline on this machine (design.md §7). Emulators in this process,
 * the stack created from resources/*.yml, the real handlers behind the emulated Kinesis and
 * S3 event sources, the producer per config/producer.yml, a live status line, and a summary
 * that reconciles every produced event. Exit status 1 if any event is not where it belongs.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  addProducerOptions,
  createLiveLine,
  loadProducerSettings,
  logLevelOption,
  type ProducerStats,
  parseNumber,
  producerConfigOption,
  producerOverrides,
  runMain,
  runProducer,
  startLocalPipeline,
  statsTable,
  statusLine,
  summaryTable,
  writeStackEnv,
  writeStackFile,
} from '@event-pipeline/local';
import { Command, Option } from 'commander';
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
    new Option('--data-dir <dir>', 'where the stack file and the S3 data go').default(
      resolve(ROOT, '.local'),
      '.local',
    ),
  )
  .addOption(producerConfigOption(ROOT))
  .option(
    '--settle-timeout <seconds>',
    'how long to wait for the pipeline to finish after producing',
    parseNumber,
    120,
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

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const settings = loadProducerSettings(flags.config, producerOverrides(flags));
  const dataDir: string = flags.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const line = createLiveLine();
  const started = Date.now();

  console.log('Starting the emulators and creating the stack from resources/*.yml ...');
  const pipeline = await startLocalPipeline({
    rootDir: ROOT,
    stage: flags.stage,
    dataDir,
    logLevel: flags.logLevel,
  });
  const { stack } = pipeline;
  for (const note of pipeline.notes) console.log(`  note: ${note}`);
  const stackFile = join(dataDir, 'stack.json');
  writeStackFile(stackFile, stack);
  writeStackEnv(join(dataDir, 'stack.env'), stack);
  const m = pipeline.mappingSettings;
  console.log(
    [
      `Stack ready (${relative(process.cwd(), stackFile)}):`,
      `  stream      ${stack.stream} -> ingest: batch ${m.batchSize}, window ${m.batchWindowSeconds} s, ${m.maximumRetryAttempts} retries, bisect ${m.bisectBatchOnFunctionError}`,
      `  raw         s3://${stack.rawBucket} -> transform (async, retried, then DLQ)`,
      `  processed   s3://${stack.processedBucket}`,
      `  ledger      ${stack.table}`,
      `  DLQs        ${stack.dlq.ingest}\n              ${stack.dlq.transform}`,
      `  data        ${relative(process.cwd(), join(dataDir, 's3'))}/`,
    ].join('\n'),
  );

  const controller = new AbortController();
  let interrupted = 0;
  let stopKeepAlive: () => void = () => undefined;
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
    stopKeepAlive();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const ticker = setInterval(() => line.update(statusLine(pipeline.status(), Date.now() - started)), 250);
  let producerStats: ProducerStats | undefined;
  if (settings.duration > 0) {
    line.log(
      `Producing ${settings.rate} events/s for ${settings.duration} s (batch ${settings.batchSize}, ` +
        `${settings.invalidFraction * 100}% invalid, seed ${settings.seed}) ...`,
    );
    producerStats = await runProducer({
      kinesis: pipeline.clients.kinesis,
      streamName: stack.stream,
      settings,
      signal: controller.signal,
      onSent: (records) => pipeline.recordProduced(records),
    });
    line.log(`Producer done; waiting for the pipeline to finish (at most ${flags.settleTimeout} s) ...`);
    await pipeline.settle(flags.settleTimeout * 1000);
  }

  if (flags.keepAlive && interrupted === 0) {
    line.log('Serving (--keep-alive): `npm run produce` in another shell feeds it; Ctrl-C to stop.');
    await new Promise<void>((resolveWait) => {
      stopKeepAlive = resolveWait;
    });
    await pipeline.settle(flags.settleTimeout * 1000);
  }
  clearInterval(ticker);
  line.done(statusLine(pipeline.status(), Date.now() - started));

  const status = pipeline.status();
  const result = pipeline.reconcile();
  await pipeline.stop();
  // A stopped stack leaves no stack file behind: tools then say to start it instead of timing out.
  rmSync(stackFile, { force: true });
  rmSync(join(dataDir, 'stack.env'), { force: true });
  if (producerStats !== undefined) console.log(`\nProducer\n${statsTable(producerStats, settings.rate)}`);
  console.log(`\nSummary\n${summaryTable(result, status, producerStats?.invalid ?? 0)}`);
  if (result.produced === 0) {
    console.log('\nNothing was produced by this run: nothing to reconcile.');
    return 0;
  }
  if (result.complete) {
    console.log(`\nReconciled: all ${result.produced} produced events are processed or quarantined.`);
    return 0;
  }
  console.log(
    `\nNOT reconciled: ${result.missing.length} missing, ${result.deadLettered} dead-lettered, ${result.misplaced.length} misplaced.`,
  );
  return 1;
}

runMain(main, (error) => `\nlocal pipeline: ${(error as Error).stack ?? error}`);
