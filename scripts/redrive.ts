/**
 * `npm run redrive -- --queue ingest|transform`: processes again what a DLQ holds, through the
 * pipeline's own handlers, and deletes each message once its records are durable. Targets the
 * running local stack (.local/stack.json) by default, or a deployed stage with --stage.
 */
import { resolve } from 'node:path';
import { readStackFile, table } from '@event-pipeline/local';
import {
  localTarget,
  type MessageReport,
  QUEUE_NAMES,
  type QueueName,
  type RecoveryTarget,
  redrive,
  stageTarget,
} from '@event-pipeline/recovery';
import { Command, InvalidArgumentError, Option } from 'commander';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// EMF metrics go to stdout in a Lambda; from a terminal there is no CloudWatch agent to read them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const ROOT = resolve(import.meta.dirname, '..');

const QUEUE_TITLES: Record<QueueName, string> = {
  ingest: 'kinesis-processor-dlq (batches the ingest function gave up on)',
  transform: 's3-transformer-dlq (raw objects the transformer gave up on)',
};

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return parsed;
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
  .option('--max-messages <n>', 'handle at most this many messages', positiveInteger)
  .option('--attempts <n>', 'handler attempts per message before leaving it in the queue', positiveInteger, 3)
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
      "the handlers' Powertools log level (the outcome of each item is printed anyway)",
    )
      .choices(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])
      .default('SILENT'),
  )
  .addHelpText(
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
  let target: RecoveryTarget;
  if (flags.stage === undefined) {
    target = localTarget({ rootDir: ROOT, stack: readStackFile(flags.stackFile), source: flags.stackFile });
  } else {
    console.log(`Checking AWS credentials for stage ${flags.stage} ...`);
    target = await stageTarget({ rootDir: ROOT, stage: flags.stage, region: flags.region });
  }
  try {
    console.log(`${flags.dryRun ? 'Dry run: reading' : 'Redriving'} ${QUEUE_TITLES[queue]}`);
    console.log(`  target  ${target.description}`);
    console.log(`  queue   ${target.dlq[queue]}`);
    const started = Date.now();
    const summary = await redrive({
      target,
      queue,
      dryRun: flags.dryRun === true,
      maxMessages: flags.maxMessages,
      attempts: flags.attempts,
      logLevel: flags.logLevel,
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
        ['elapsed', `${((Date.now() - started) / 1000).toFixed(1)} s`],
      ])}`,
    );
    if (summary.received === 0) console.log('\nThe queue is empty: nothing to redrive.');
    else if (summary.dryRun) console.log('\nDry run: nothing was processed or deleted.');
    else if (summary.failed > 0)
      console.log(
        `\n${summary.failed} message(s) stay in the queue; fix the cause and run the redrive again.`,
      );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    target.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`redrive: ${(error as Error).message}`);
    process.exit(2);
  },
);
