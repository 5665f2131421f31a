/**
 * `npm run replay -- --from <ISO time>`: processes the stream again from a point in time into
 * the raw bucket, idempotently (the same object names as the first time: overwrites, never
 * copies), shard by shard to the tip. Targets the running local stack (.local/stack.json) by
 * default, or a deployed stage with --stage.
 */
import { resolve } from 'node:path';
import { readStackFile, table } from '@event-pipeline/local';
import {
  FromTimeError,
  localTarget,
  parseFromTime,
  type RecoveryTarget,
  type ReplayProgress,
  replay,
  stageTarget,
} from '@event-pipeline/recovery';
import { Command, InvalidArgumentError, Option } from 'commander';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// EMF metrics go to stdout in a Lambda; from a terminal there is no CloudWatch agent to read them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const ROOT = resolve(import.meta.dirname, '..');

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return parsed;
};

const fromTime = (value: string) => {
  try {
    return parseFromTime(value);
  } catch (error) {
    if (error instanceof FromTimeError) throw new InvalidArgumentError(error.message);
    throw error;
  }
};

const program = new Command()
  .name('npm run replay --')
  .description(
    'Process the Kinesis stream again from a point in time (AT_TIMESTAMP, every shard, to the tip) into the ' +
      'raw bucket, idempotently: each batch the ledger recorded is rewritten under its own object names ' +
      '(running the replay twice adds nothing), and records no written object holds (a batch that went to the ' +
      'DLQ) are processed by the ingest handler in new batches. The transformer follows through the raw ' +
      "bucket's notifications. Exit status 1 if anything could not be written.",
  )
  .requiredOption(
    '--from <time>',
    'where to start: an ISO 8601 date-time with a zone, not in the future (e.g. 2024-01-15T10:30:00Z)',
    fromTime,
  )
  .option('--dry-run', 'read the stream and the ledger and say what would be written; write nothing')
  .option('--concurrency <n>', 'objects written at once', positiveInteger, 8)
  .option(
    '--attempts <n>',
    'attempts per object or batch before it is reported as failed',
    positiveInteger,
    3,
  )
  .option(
    '--stage <stage>',
    'a deployed stage instead of the local stack (AWS credentials from the environment)',
  )
  .option('--region <region>', "with --stage: the region (default: the stage's `region` parameter)")
  .addOption(
    new Option('--stack-file <file>', 'the local stack to target').default(
      resolve(ROOT, '.local/stack.json'),
      '.local/stack.json',
    ),
  )
  .addOption(
    new Option(
      '--log-level <level>',
      "the ingest handler's Powertools log level (the outcome of each item is printed anyway)",
    )
      .choices(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])
      .default('SILENT'),
  )
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm run replay -- --from 2024-01-15T10:30:00Z --dry-run   # what would be written\n' +
      '  npm run replay -- --from 2024-01-15T10:30:00Z             # into the local stack\n' +
      '  npm run replay -- --from 2024-01-15T11:30:00+01:00 --stage prod\n' +
      '\nThe stream keeps records for its retention period (config/stages.yml streamRetentionHours): ' +
      'nothing older can be replayed.',
  );

function describe(progress: ReplayProgress): string {
  switch (progress.kind) {
    case 'read':
      return progress.records === 0
        ? `  ${progress.shardId}: no records at or after --from`
        : `  ${progress.shardId}: ${progress.records} records from ${progress.firstSequenceNumber}`;
    case 'planned':
      return (
        `  ${progress.shardId}: ${progress.batches} ledger batches (${progress.objects} objects) to rewrite, ` +
        `${progress.groups} new batches for records no object holds` +
        progress.notes.map((note) => `\n      note: ${note}`).join('')
      );
    case 'written':
      return `  ${progress.shardId}: ${progress.objects}/${progress.of} objects written`;
    case 'group':
      return (
        `  ${progress.shardId}: new batch ${progress.index}/${progress.of} (${progress.records} records) ` +
        (progress.ok ? 'processed' : `FAILED: ${progress.reason}`)
      );
  }
}

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const from = flags.from as Date;
  let target: RecoveryTarget;
  if (flags.stage === undefined) {
    target = localTarget({ rootDir: ROOT, stack: readStackFile(flags.stackFile), source: flags.stackFile });
  } else {
    console.log(`Checking AWS credentials for stage ${flags.stage} ...`);
    target = await stageTarget({ rootDir: ROOT, stage: flags.stage, region: flags.region });
  }
  try {
    console.log(
      `${flags.dryRun ? 'Dry run: planning the replay' : 'Replaying'} of stream ${target.stream.name} from ${from.toISOString()}`,
    );
    console.log(`  target  ${target.description}`);
    console.log(`  into    s3://${target.rawBucket}/ (raw/ and quarantine/)`);
    const started = Date.now();
    const summary = await replay({
      target,
      from,
      dryRun: flags.dryRun === true,
      concurrency: flags.concurrency,
      attempts: flags.attempts,
      logLevel: flags.logLevel,
      onProgress: (progress) => console.log(describe(progress)),
    });
    const verb = summary.dryRun ? 'would write' : 'written';
    console.log(
      `\nSummary\n${table([
        ['from', summary.from],
        ['shards', String(summary.shards.length)],
        ['records', `${summary.records} at or after --from`],
        [
          'rewritten',
          `${summary.objects} objects of ${summary.shards.reduce((n, s) => n + s.batches, 0)} ledger batches (${verb})`,
        ],
        ['new batches', `${summary.groups} (${summary.groupRecords} records no object held)`],
        ['failures', String(summary.failures)],
        ['elapsed', `${((Date.now() - started) / 1000).toFixed(1)} s`],
      ])}`,
    );
    for (const shard of summary.shards)
      for (const failure of shard.failures) console.log(`  FAILED ${shard.shardId}: ${failure}`);
    if (summary.dryRun) console.log('\nDry run: nothing was written.');
    else if (summary.failures > 0)
      console.log('\nSome writes failed: run the replay again (it is idempotent).');
    return summary.failures > 0 ? 1 : 0;
  } finally {
    target.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`replay: ${(error as Error).message}`);
    process.exit(2);
  },
);
