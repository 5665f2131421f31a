/**
 * `npm run cost`: a stage's monthly bill, line by line, from its own settings (config/stages.yml,
 * the services' serverless.yml, resources/*.yml), for its reference workload or the one given;
 * beside it the same workload on Firehose and the reference architecture's estimate.
 * Bad input (an unknown stage, a rate that is not a positive number, ...) prints one line on
 * stderr and exits with status 2.
 */

import { parseIntegerWithin, parsePositiveNumber } from '@event-pipeline/cli';
import {
  ASSUMPTIONS,
  billJson,
  loadStageSettings,
  monthlyBill,
  renderBill,
  UnknownStageError,
} from '@event-pipeline/cost';
import { Command, CommanderError, Option } from 'commander';
import { ROOT } from './repository.js';

const USAGE_ERROR = 2;
/** A Kinesis record holds at most 1 MiB. */
const MAX_EVENT_BYTES = 1024 * 1024;

const parseEventBytes = parseIntegerWithin(1, MAX_EVENT_BYTES, "a Kinesis record's limit");

const program = new Command()
  .name('npm run cost --')
  .description(
    "The monthly bill of a stage, line by line, from the stage's own settings (config/stages.yml, the " +
      "services' serverless.yml, resources/*.yml): Kinesis, Lambda, S3 requests and storage under the " +
      'lifecycle, DynamoDB, CloudWatch, X-Ray, SQS, Athena and Glue, KMS. Beside it, the same workload on ' +
      "Firehose (dynamic partitioning, with and without Parquet) and the reference architecture's estimate.",
  )
  .option('--stage <stage>', 'the stage whose settings are priced (config/stages.yml)', 'dev')
  .option(
    '--rate <events/s>',
    "events per second (default: the stage's workloadEventsPerSecond)",
    parsePositiveNumber,
  )
  .option(
    '--event-bytes <n>',
    "average bytes of one event (default: the stage's workloadEventBytes)",
    parseEventBytes,
  )
  .option(
    '--months <n>',
    'months of operation the storage is priced after (raw data is kept for ever)',
    parseIntegerWithin(1, 120),
    ASSUMPTIONS.storage.defaultMonths,
  )
  .addOption(
    new Option('--format <format>', 'how to print the bill').choices(['table', 'json']).default('table'),
  )
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm run cost -- --stage prod                    # the reference production workload, 1,000 events/s of 500 B\n' +
      '  npm run cost -- --stage prod --rate 2000        # the same profile at twice the traffic\n' +
      '  npm run cost -- --stage dev --format json       # for tools (every line and item)',
  )
  .exitOverride()
  .configureOutput({ outputError: (message, write) => write(`cost: ${message.replace(/^error: /, '')}`) });

function main(): number {
  try {
    program.parse();
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : USAGE_ERROR;
    throw error;
  }
  const flags = program.opts<{
    stage: string;
    rate?: number;
    eventBytes?: number;
    months: number;
    format: string;
  }>();
  let settings: ReturnType<typeof loadStageSettings>;
  try {
    settings = loadStageSettings(ROOT, flags.stage);
  } catch (error) {
    if (!(error instanceof UnknownStageError)) throw error;
    process.stderr.write(`cost: ${error.message}\n`);
    return USAGE_ERROR;
  }
  const workload = {
    eventsPerSecond: flags.rate ?? settings.workload.eventsPerSecond,
    eventBytes: flags.eventBytes ?? settings.workload.eventBytes,
  };
  const bill = monthlyBill(settings, workload, { months: flags.months });
  console.log(
    flags.format === 'json' ? JSON.stringify(billJson(bill, settings), null, 2) : renderBill(bill, settings),
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`cost: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
