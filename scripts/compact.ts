/**
 * `npm run compact`: one compaction run by hand (docs/architecture.md §8), the compactor's own
 * code in this process against the running local stack (.local/stack.json) by default, or a
 * deployed stage with --stage: the schedule's choice of partitions, every pending one with
 * --all, or the ones named with --partition; --dry-run only lists them. Prints each partition
 * as it goes and a summary. Exit status 1 if a partition failed (it stays pending), 2 for bad
 * flags or an unreachable target.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  addTargetOptions,
  logLevelOption,
  OPERATOR_POLICY_HELP,
  runMain,
  type StackTarget,
  type TargetFlags,
  table,
  targetFromFlags,
  toolCommand,
} from '@event-pipeline/cli';
import {
  type CompactConfig,
  type CompactEvent,
  type CompactedPartition,
  createHandler,
  createPartitionLedger,
  loadCompactConfig,
  planRun,
  type RunObserver,
  type RunRequest,
  type RunSummary,
} from '@event-pipeline/compact';
import { loadStageParams, numberParam } from '@event-pipeline/infra';
import { compactionRows, countCompactions, createContext } from '@event-pipeline/local';
import { createObservability, type LogLevel } from '@event-pipeline/runtime';
import { isPartitionPath } from '@event-pipeline/schema';
import { InvalidArgumentError, Option } from 'commander';
import { ROOT } from './repository.js';

// EMF metrics would go to stdout: there is no CloudWatch agent here to ship them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/** A run by hand is not bounded by the function's 15 minutes: it never defers a partition for time. */
const NO_DEADLINE_MS = 24 * 3600 * 1000;

function partitionPath(value: string, previous: string[] = []): string[] {
  if (!isPartitionPath(value))
    throw new InvalidArgumentError('expected event_type=<type>/year=YYYY/month=MM/day=DD/hour=HH');
  return [...previous, value];
}

const program = toolCommand('npm run compact --')
  .description(
    'Run the compactor once, by hand: each partition it takes is rewritten as curated/<partition>/data.parquet ' +
      '(one row per record id, sorted, typed), its bad and conflicting lines quarantined, the compaction recorded ' +
      "in the ledger. Without flags it takes what the schedule would: the pending partitions quiet for the stage's " +
      'settle time (compactionSettleSeconds). The code is the deployed function\u2019s, run in this process.',
  )
  .option(
    '--partition <path>',
    'compact this partition, pending or not (repeatable): event_type=<t>/year=YYYY/month=MM/day=DD/hour=HH',
    partitionPath,
  )
  .addOption(
    new Option('--all', 'every pending partition, however recently it received data').conflicts('partition'),
  )
  .option('--dry-run', 'list the partitions a run would take and their processed objects; change nothing')
  .addOption(
    logLevelOption("the compactor's Powertools log level (each partition is printed anyway)", 'ERROR'),
  );
addTargetOptions(program).addHelpText(
  'after',
  '\nExamples:\n' +
    '  npm run compact -- --dry-run                 # what the local stack has pending and settled\n' +
    '  npm run compact -- --all                     # every pending partition of the local stack, now\n' +
    '  npm run compact -- --partition event_type=metric/year=2024/month=01/day=15/hour=10\n' +
    '  npm run compact -- --stage prod --all        # a deployed stage (AWS credentials from the environment)\n' +
    OPERATOR_POLICY_HELP,
);

interface Flags extends TargetFlags {
  partition?: string[];
  all?: boolean;
  dryRun?: boolean;
  logLevel: LogLevel;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The compactor's settings for the target: its bucket and table, the stage's settle time. */
async function compactConfig(target: StackTarget): Promise<CompactConfig> {
  const params = await loadStageParams(ROOT, target.stage);
  return loadCompactConfig({
    PROCESSED_BUCKET: target.processedBucket,
    LEDGER_TABLE: target.ledger.table,
    SETTLE_SECONDS: String(numberParam(params, 'compactionSettleSeconds')),
  });
}

function describeRequest(request: RunRequest, config: CompactConfig): string {
  if (request.partitions) return `the ${request.partitions.length} partition(s) named, pending or not`;
  if (request.all) return 'every pending partition';
  return `the pending partitions quiet for ${config.settleSeconds} s`;
}

async function dryRun(target: StackTarget, config: CompactConfig, request: RunRequest): Promise<number> {
  const planned = await planRun(
    {
      s3: target.clients.s3,
      processedBucket: config.processedBucket,
      ledger: createPartitionLedger(DynamoDBDocumentClient.from(target.clients.dynamodb), config.ledgerTable),
      settleSeconds: config.settleSeconds,
      maxPartitions: config.maxPartitionsPerRun,
      clock: () => new Date(),
    },
    request,
  );
  for (const [i, { partition, objects, bytes }] of planned.entries())
    console.log(
      `  [${i + 1}/${planned.length}] ${partition}: ${objects} processed objects, ${megabytes(bytes)}`,
    );
  const total = planned.reduce((sum, p) => sum + p.bytes, 0);
  console.log(
    `\nSummary\n${table([
      ['would compact', `${planned.length} partitions`],
      ['processed/', `${planned.reduce((sum, p) => sum + p.objects, 0)} objects, ${megabytes(total)}`],
    ])}\n\nDry run: nothing was leased, read or written.`,
  );
  return 0;
}

/** One line per partition as the run goes. */
function progress(): RunObserver {
  let total = 0;
  let started = 0;
  let index = 0;
  return {
    planned: (partitions) => {
      total = partitions.length;
      console.log(total === 0 ? '  nothing to compact' : `  ${total} partition(s) to compact`);
    },
    started: (partition, i) => {
      index = i + 1;
      started = performance.now();
      console.log(`  [${index}/${total}] ${partition} ...`);
    },
    compacted: (c: CompactedPartition) =>
      console.log(
        `        ${c.rows} rows, ${c.duplicates_dropped} duplicates dropped, ${c.conflicts} conflicts, ` +
          `${c.quarantined} quarantined; ${c.source_objects} objects, ${megabytes(c.bytes_in)} -> ` +
          `${megabytes(c.bytes_out)} in ${seconds(performance.now() - started)}` +
          (c.completed ? '' : ' (new processed objects meanwhile: it stays pending)'),
      ),
    skipped: (partition) => console.log(`  ${partition}: skipped (another run holds it, or it just changed)`),
    failed: (_partition, error) => console.log(`        FAILED, it stays pending: ${error.message}`),
  };
}

function summaryRows(summary: RunSummary, elapsedMs: number): Array<[string, string]> {
  const failed = summary.failed.length;
  return [
    ...compactionRows(countCompactions(summary.compacted, { runs: 1, failedRuns: failed > 0 ? 1 : 0 })),
    ['skipped', `${summary.skipped.length} (held by another run)`],
    [
      'failed',
      `${failed}${failed > 0 ? ` (they stay pending: ${summary.failed.map((f) => f.partition).join(', ')})` : ''}`,
    ],
    ['elapsed', seconds(elapsedMs)],
  ];
}

async function main(): Promise<number> {
  const flags = program.parse().opts<Flags>();
  const request: CompactEvent = flags.partition
    ? { partitions: flags.partition }
    : flags.all
      ? { all: true }
      : {};
  const target = await targetFromFlags(ROOT, flags);
  try {
    const config = await compactConfig(target);
    console.log(`${flags.dryRun ? 'Dry run: planning' : 'Compacting'} ${describeRequest(request, config)}`);
    console.log(`  target     ${target.description}`);
    console.log(`  processed  s3://${config.processedBucket}, ledger ${config.ledgerTable}`);
    if (flags.dryRun) return await dryRun(target, config, request);
    const handler = createHandler({
      config,
      s3: target.clients.s3,
      dynamodb: DynamoDBDocumentClient.from(target.clients.dynamodb),
      observability: createObservability(config.serviceName, { logLevel: flags.logLevel }),
      observer: progress(),
    });
    const started = performance.now();
    let summary: RunSummary;
    try {
      summary = await handler(
        request,
        createContext({
          name: 'npm-run-compact',
          arn: 'local:npm-run-compact',
          timeoutMs: NO_DEADLINE_MS,
          memoryMb: 0,
        }),
      );
    } catch (error) {
      const carried = (error as { summary?: RunSummary }).summary;
      if (carried === undefined) throw error;
      summary = carried;
    }
    console.log(`\nSummary\n${table(summaryRows(summary, performance.now() - started))}`);
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    target.destroy();
  }
}

runMain('compact', main);
