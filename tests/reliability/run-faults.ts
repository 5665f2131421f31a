/**
 * `npm run test:faults -- --events 20000`: the fault-injection run of
 * tests/reliability/fault-injection.test.ts at any size, with a live status line and the
 * figures at the end. Exit status 1 if anything was lost, misplaced or left in a DLQ, or if a
 * duplicate is not a re-delivery of its record.
 */
import { writeFileSync } from 'node:fs';
import { createLiveLine, parsePositiveInteger, runMain, statusLine } from '@event-pipeline/cli';
import { Command, InvalidArgumentError } from 'commander';
import { ISSUE_FAULTS } from './helpers/fault-injector.js';
import { formatReport, unrecoveredDeadLetters } from './helpers/report.js';
import { runFaultScenario } from './helpers/scenario.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const rate = (value: string) => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('must be within 0..1');
  return parsed;
};

const program = new Command()
  .name('npm run test:faults --')
  .description(
    'Run the pipeline locally under injected faults (S3 writes failing, DynamoDB writes throttled, ingest ' +
      'crashes, transform first attempts failing, a poison record every 1,000, records and objects failing ' +
      'until the faults stop), redrive the DLQs once the faults stop, and audit the lake: nothing lost, ' +
      'every dead-lettered record redriven, every duplicate a re-delivery. Prints the figures.',
  )
  .option('--events <n>', 'events to produce', parsePositiveInteger, 20_000)
  .option('--seed <n>', 'seed of the traffic and of every fault decision', parsePositiveInteger, 8)
  .option('--poison-every <n>', 'one poison record every n records', parsePositiveInteger, 1_000)
  .option('--s3-failure-rate <0..1>', 'share of S3 writes that fail', rate, ISSUE_FAULTS.s3WriteFailureRate)
  .option(
    '--dynamodb-throttle-rate <0..1>',
    'share of DynamoDB writes throttled',
    rate,
    ISSUE_FAULTS.dynamoWriteThrottleRate,
  )
  .option(
    '--crash-every <n>',
    'the ingest function crashes every n invocations',
    parsePositiveInteger,
    ISSUE_FAULTS.ingestCrashEvery,
  )
  .option(
    '--transform-failure-rate <0..1>',
    'share of objects whose first transform attempt fails',
    rate,
    ISSUE_FAULTS.transformFirstAttemptFailureRate,
  )
  .option(
    '--fatal-record-rate <0..1>',
    'share of records that crash the ingest function every time until the faults stop',
    rate,
    ISSUE_FAULTS.ingestFatalRecordRate,
  )
  .option(
    '--outage-every <n>',
    'every n-th object fails every transform attempt until the faults stop',
    parsePositiveInteger,
    ISSUE_FAULTS.transformOutageEvery,
  )
  .option('--json <file>', 'also write the report as JSON');

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const line = createLiveLine();
  const started = Date.now();
  const report = await runFaultScenario({
    events: flags.events,
    seed: flags.seed,
    poisonEvery: flags.poisonEvery,
    faults: {
      s3WriteFailureRate: flags.s3FailureRate,
      dynamoWriteThrottleRate: flags.dynamodbThrottleRate,
      ingestCrashEvery: flags.crashEvery,
      transformFirstAttemptFailureRate: flags.transformFailureRate,
      ingestFatalRecordRate: flags.fatalRecordRate,
      transformOutageEvery: flags.outageEvery,
    },
    settleTimeoutMs: Math.max(120_000, flags.events * 20),
    log: (text) => line.log(text),
    onStatus: (status) => line.update(statusLine(status, Date.now() - started)),
  });
  line.done();
  console.log(`\nFault injection\n${formatReport(report)}`);
  if (flags.json) {
    const { audit, curated, ...rest } = report;
    const json = {
      ...rest,
      audit: { ...audit, missing: audit.missing.length, misplaced: audit.misplaced.length },
      curated: {
        ...curated,
        missing: curated.missing.length,
        duplicated: curated.duplicated.length,
        strays: curated.strays.length,
      },
    };
    writeFileSync(flags.json, `${JSON.stringify(json, null, 2)}\n`);
  }
  const { audit, dlqAtEnd, duplicates, curated } = report;
  const clean =
    audit.missing.length === 0 &&
    audit.misplaced.length === 0 &&
    audit.strays.length === 0 &&
    audit.inconsistentDuplicates.length === 0 &&
    audit.unmatchedObjects.length === 0 &&
    duplicates.beyondRuns.length === 0 &&
    unrecoveredDeadLetters(report).length === 0 &&
    report.settledUnderFaults &&
    dlqAtEnd.ingest === 0 &&
    dlqAtEnd.transform === 0 &&
    report.compaction.error === undefined &&
    curated.complete &&
    curated.validNotCurated.length === 0;
  console.log(
    clean
      ? '\nNothing lost; curated/ holds every valid record once.'
      : '\nFAILED: see "lost", "duplicates", "DLQs at the end", "compacted" and "curated" above.',
  );
  return clean ? 0 : 1;
}

runMain('fault run', main);
