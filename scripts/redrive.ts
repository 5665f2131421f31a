/**
 * `npm run redrive -- --queue ingest|transform`: processes again what a DLQ holds, through the
 * pipeline's own handlers, and deletes each message once its records are durable. Targets the
 * running local stack (.local/stack.json) by default, or a deployed stage with --stage.
 */
import { parsePositiveInteger, runMain, table } from '@event-pipeline/cli';
import {
  addRecoveryOptions,
  type MessageReport,
  QUEUE_NAMES,
  type QueueName,
  type RecoveryFlags,
  redrive,
  runRecovery,
} from '@event-pipeline/recovery';
import { Command, Option } from 'commander';
import { ROOT } from './repository.js';

const QUEUE_TITLES: Record<QueueName, string> = {
  ingest: 'kinesis-processor-dlq (batches the ingest function gave up on)',
  transform: 's3-transformer-dlq (raw objects the transformer gave up on)',
};

const program = new Command()
  .name('npm run redrive --')
  .description(
    "Process again what a dead-letter queue holds, with the pipeline's own handler code. " +
      'kinesis-processor-dlq messages name a shard and sequence range: those records are read back from the ' +
      'stream (while it retains them) and processed by the ingest handler. s3-transformer-dlq messages carry ' +
      'the failed S3 event: its raw objects are transformed again. Each message is deleted only once its ' +
      'records are durable; any other stays in the queue and is reported. Exit status 1 if any message is left.',
  )
  .addOption(new Option('--queue <queue>', 'which DLQ').choices(QUEUE_NAMES).makeOptionMandatory())
  .option('--dry-run', 'read and check the messages (and the records they name), change nothing')
  .option('--max-messages <n>', 'handle at most this many messages', parsePositiveInteger)
  .option(
    '--attempts <n>',
    'handler attempts per message before leaving it in the queue',
    parsePositiveInteger,
    3,
  );
addRecoveryOptions(
  program,
  ROOT,
  "the handlers' Powertools log level (the outcome of each item is printed anyway)",
).addHelpText(
  'after',
  '\nExamples:\n' +
    '  npm run redrive -- --queue ingest --dry-run        # what the local ingest DLQ holds\n' +
    '  npm run redrive -- --queue ingest                  # redrive it into the local stack\n' +
    '  npm run redrive -- --queue transform --stage prod  # a deployed stage\n',
);

function describe(report: MessageReport, index: number): string {
  const status = { redriven: 'redriven', failed: 'LEFT IN QUEUE', 'would-redrive': 'would redrive' }[
    report.status
  ];
  const line = `  [${index}] ${status}: ${report.subject}`;
  return report.reason === undefined ? line : `${line}\n        reason: ${report.reason}`;
}

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const queue = flags.queue as QueueName;
  return runRecovery(ROOT, flags as RecoveryFlags, async ({ target, options, elapsed }) => {
    console.log(`${flags.dryRun ? 'Dry run: reading' : 'Redriving'} ${QUEUE_TITLES[queue]}`);
    console.log(`  target  ${target.description}`);
    console.log(`  queue   ${target.dlq[queue]}`);
    const summary = await redrive({
      ...options,
      queue,
      maxMessages: flags.maxMessages,
      onMessage: (report, index) => console.log(describe(report, index)),
    });
    const unit = queue === 'ingest' ? 'records' : 'objects';
    const left = summary.received - summary.redriven;
    console.log(
      `\nSummary\n${table([
        [
          'messages',
          `${summary.received} received${flags.maxMessages ? ` (at most ${flags.maxMessages})` : ''}`,
        ],
        [
          summary.dryRun ? 'would redrive' : 'redriven',
          `${summary.dryRun ? summary.messages.filter((m) => m.status === 'would-redrive').length : summary.redriven} messages, ${summary.items} ${unit}`,
        ],
        ['left in queue', `${left}${summary.failed > 0 ? ` (${summary.failed} failed: reasons above)` : ''}`],
        elapsed(),
      ])}`,
    );
    if (summary.received === 0) console.log('\nThe queue is empty: nothing to redrive.');
    else if (summary.dryRun) console.log('\nDry run: nothing was processed or deleted.');
    else if (summary.failed > 0)
      console.log(
        `\n${summary.failed} message(s) stay in the queue; fix the cause and run the redrive again.`,
      );
    return summary.failed > 0 ? 1 : 0;
  });
}

runMain(main, (error) => `redrive: ${(error as Error).message}`);
