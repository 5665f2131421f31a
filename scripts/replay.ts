/**
 * `npm run replay -- --from <ISO time>`: processes the stream again from a point in time into
 * the raw bucket, idempotently (the same object names as the first time: overwrites, never
 * copies), shard by shard to the tip, in bounded memory. Targets the running local stack
 * (.local/stack.json, or that of --data-dir) by default, or a deployed stage with --stage.
 */
import { OPERATOR_POLICY_HELP, parsePositiveInteger, runMain, table, toolCommand } from '@event-pipeline/cli';
import {
  addRecoveryOptions,
  parseFromTime,
  type RecoveryFlags,
  type ReplayProgress,
  replay,
  runRecovery,
  type ShardReplay,
} from '@event-pipeline/recovery';
import { ROOT } from './repository.js';

const program = toolCommand('npm run replay --')
  .description(
    'Process the Kinesis stream again from a point in time (AT_TIMESTAMP, every shard, to the tip as it is when ' +
      'the replay starts) into the ' +
      'raw bucket, idempotently: each batch the ledger recorded is rewritten under its own object names ' +
      '(running the replay twice adds nothing), and records no written object holds (a batch that went to the ' +
      'DLQ) are processed by the ingest handler in new batches. The transformer follows through the raw ' +
      "bucket's notifications. The stream is read, planned and written a page at a time: memory does not grow " +
      'with the span replayed. Exit status 1 if anything could not be written.',
  )
  .requiredOption(
    '--from <time>',
    'where to start: an ISO 8601 date-time with a zone, not in the future (e.g. 2024-01-15T10:30:00Z)',
    // Its error is the whole message, better than commander's "argument ... is invalid".
    (value: string) => parseFromTime(value),
  )
  .option('--dry-run', 'read the stream and the ledger and say what would be written; write nothing')
  .option('--concurrency <n>', 'objects written at once', parsePositiveInteger, 8)
  .option(
    '--attempts <n>',
    'attempts per object or batch before it is reported as failed',
    parsePositiveInteger,
    3,
  );
addRecoveryOptions(
  program,
  "the ingest handler's Powertools log level (the outcome of each item is printed anyway)",
).addHelpText(
  'after',
  '\nExamples:\n' +
    '  npm run replay -- --from 2024-01-15T10:30:00Z --dry-run   # what would be written\n' +
    '  npm run replay -- --from 2024-01-15T10:30:00Z             # into the local stack\n' +
    '  npm run replay -- --from 2024-01-15T11:30:00+01:00 --stage prod\n' +
    '\nThe stream keeps records for its retention period (config/stages.yml streamRetentionHours): ' +
    'nothing older can be replayed.\n' +
    OPERATOR_POLICY_HELP,
);

const counts = (shard: ShardReplay) =>
  `${shard.records} records read, ${shard.objects} objects of ${shard.batches} ledger batches, ` +
  `${shard.groups} new batches (${shard.groupRecords} records)`;

function describe(progress: ReplayProgress): string {
  switch (progress.kind) {
    case 'started':
      return progress.firstSequenceNumber === undefined
        ? `  ${progress.shardId}: no records at or after --from`
        : `  ${progress.shardId}: from ${progress.firstSequenceNumber}, ${progress.ledgerBatches} ledger batches reach it`;
    case 'note':
      return `  ${progress.shardId}: note: ${progress.note}`;
    case 'group':
      return (
        `  ${progress.shardId}: new batch ${progress.index} (${progress.records} records) ` +
        (progress.ok ? 'processed' : `FAILED: ${progress.reason}`)
      );
    case 'progress':
      return `  ${progress.shard.shardId}: so far ${counts(progress.shard)}`;
    case 'done':
      return progress.shard.records === 0
        ? ''
        : `  ${progress.shard.shardId}: done, ${counts(progress.shard)}`;
  }
}

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const from = flags.from as Date;
  return runRecovery(ROOT, flags as RecoveryFlags, async ({ target, options, elapsed }) => {
    console.log(
      `${flags.dryRun ? 'Dry run: planning the replay' : 'Replaying'} of stream ${target.stream.name} from ${from.toISOString()}`,
    );
    console.log(`  target  ${target.description}`);
    console.log(`  into    s3://${target.rawBucket}/ (raw/ and quarantine/)`);
    const summary = await replay({
      ...options,
      from,
      concurrency: flags.concurrency,
      onProgress: (progress) => {
        const line = describe(progress);
        if (line !== '') console.log(line);
      },
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
        elapsed(),
      ])}`,
    );
    for (const shard of summary.shards)
      for (const failure of shard.failures) console.log(`  FAILED ${shard.shardId}: ${failure}`);
    if (summary.dryRun) console.log('\nDry run: nothing was written.');
    else if (summary.failures > 0)
      console.log('\nSome writes failed: run the replay again (it is idempotent).');
    return summary.failures > 0 ? 1 : 0;
  });
}

runMain('replay', main);
