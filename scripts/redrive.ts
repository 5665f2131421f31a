/**
 * `npm run redrive -- --queue ingest|transform`: processes again what a DLQ holds, through the
 * pipeline's own handlers, and deletes each message once its records are durable. Targets the
 * running local stack (.local/stack.json, or that of --data-dir) by default, or a deployed stage
 * with --stage. A message that can never be redriven is taken out with --discard and --export.
 */
import { OPERATOR_POLICY_HELP, parsePositiveInteger, runMain, table, toolCommand } from '@event-pipeline/cli';
import {
  addRecoveryOptions,
  type MessageReport,
  QUEUE_NAMES,
  type QueueName,
  type RecoveryFlags,
  type RedriveSummary,
  redrive,
  runRecovery,
} from '@event-pipeline/recovery';
import { Option } from 'commander';
import { ROOT } from './repository.js';

const QUEUE_TITLES: Record<QueueName, string> = {
  ingest: 'kinesis-processor-dlq (batches the ingest function gave up on)',
  transform: 's3-transformer-dlq (raw objects the transformer gave up on)',
};

const program = toolCommand('npm run redrive --')
  .description(
    "Process again what a dead-letter queue holds, with the pipeline's own handler code. " +
      'kinesis-processor-dlq messages name a shard and sequence range: those records are read back from the ' +
      'stream (while it retains them) and processed by the ingest handler. s3-transformer-dlq messages carry ' +
      'the failed S3 event: its raw objects are transformed again. Each message is deleted only once its ' +
      'records are durable; any other stays in the queue and is reported with its id and reason. ' +
      'Exit status 1 if any message is left.',
  )
  .addOption(new Option('--queue <queue>', 'which DLQ').choices(QUEUE_NAMES).makeOptionMandatory())
  .addOption(
    new Option(
      '--dry-run',
      'read and check the messages (and the records they name), change nothing',
    ).conflicts(['discard', 'export']),
  )
  .option('--max-messages <n>', 'handle at most this many messages', parsePositiveInteger)
  .option(
    '--attempts <n>',
    'handler attempts per message before leaving it in the queue',
    parsePositiveInteger,
    3,
  )
  .addOption(
    new Option(
      '--discard <message-id...>',
      'take these messages (ids from an earlier run) out of the queue without redriving them: each is ' +
        'saved to the --export file, then deleted; nothing else is touched',
    ),
  )
  .option(
    '--export <file>',
    'save messages taken out of the queue to this file (JSON Lines, appended: id, body, attributes, reason); ' +
      'without --discard, every message this run would leave in the queue is saved there and deleted',
  );
addRecoveryOptions(
  program,
  "the handlers' Powertools log level (the outcome of each item is printed anyway)",
).addHelpText(
  'after',
  '\nExamples:\n' +
    '  npm run redrive -- --queue ingest --dry-run        # what the local ingest DLQ holds\n' +
    '  npm run redrive -- --queue ingest                  # redrive it into the local stack\n' +
    '  npm run redrive -- --queue transform --stage prod  # a deployed stage\n' +
    '\nA message that can never be redriven (records past the stream retention, an object deleted since)\n' +
    'stays in the queue, reported with its id. To take it out, keeping a copy:\n' +
    '  npm run redrive -- --queue ingest --discard <message-id> --export ingest-dlq.jsonl\n' +
    OPERATOR_POLICY_HELP,
);

const STATUS: Record<MessageReport['status'], string> = {
  redriven: 'redriven',
  failed: 'LEFT IN QUEUE',
  'would-redrive': 'would redrive',
  exported: 'EXPORTED and deleted',
};

function describe(report: MessageReport, index: number): string {
  const lines = [`  [${index}] ${STATUS[report.status]}: ${report.subject}`];
  if (report.status !== 'redriven') lines.push(`        message: ${report.messageId}`);
  if (report.reason !== undefined) lines.push(`        reason: ${report.reason}`);
  return lines.join('\n');
}

function summaryRows(summary: RedriveSummary, unit: string, maxMessages?: number): Array<[string, string]> {
  const left = summary.received - summary.redriven - summary.exported;
  const wouldRedrive = summary.messages.filter((m) => m.status === 'would-redrive').length;
  return [
    ['messages', `${summary.received} received${maxMessages ? ` (at most ${maxMessages})` : ''}`],
    [
      summary.dryRun ? 'would redrive' : 'redriven',
      `${summary.dryRun ? wouldRedrive : summary.redriven} messages, ${summary.items} ${unit}`,
    ],
    ...(summary.exported > 0
      ? [['exported', `${summary.exported} messages, deleted from the queue`] as [string, string]]
      : []),
    ['left in queue', `${left}${summary.failed > 0 ? ` (${summary.failed} failed: reasons above)` : ''}`],
  ];
}

interface RedriveFlags extends RecoveryFlags {
  queue: QueueName;
  maxMessages?: number;
  discard?: string[];
  export?: string;
}

async function main(): Promise<number> {
  const flags = program.parse().opts<RedriveFlags>();
  if (flags.discard !== undefined && flags.export === undefined)
    throw new Error('--discard needs --export <file>: a discarded message is saved there first');
  const { queue } = flags;
  return runRecovery(ROOT, flags, async ({ target, options, elapsed }) => {
    const action = flags.discard ? 'Discarding from' : flags.dryRun ? 'Dry run: reading' : 'Redriving';
    console.log(`${action} ${QUEUE_TITLES[queue]}`);
    console.log(`  target  ${target.description}`);
    console.log(`  queue   ${target.dlq[queue]}`);
    if (flags.export) console.log(`  export  ${flags.export}`);
    const summary = await redrive({
      ...options,
      queue,
      maxMessages: flags.maxMessages,
      ...(flags.discard === undefined ? {} : { discard: flags.discard }),
      ...(flags.export === undefined ? {} : { exportFile: flags.export }),
      onMessage: (report, index) => console.log(describe(report, index)),
    });
    const unit = queue === 'ingest' ? 'records' : 'objects';
    console.log(`\nSummary\n${table([...summaryRows(summary, unit, flags.maxMessages), elapsed()])}`);
    for (const id of summary.notFound) console.log(`  NOT IN THE QUEUE: message ${id}`);
    if (summary.received === 0 && summary.notFound.length === 0)
      console.log('\nThe queue is empty: nothing to redrive.');
    else if (summary.dryRun) console.log('\nDry run: nothing was processed or deleted.');
    else if (summary.failed > 0)
      console.log(
        `\n${summary.failed} message(s) stay in the queue; fix the cause and run the redrive again, ` +
          'or take one out with --discard <message-id> --export <file>.',
      );
    return summary.failed > 0 || summary.notFound.length > 0 ? 1 : 0;
  });
}

runMain('redrive', main);
