/**
 * `npm run produce`: sends sample events to the pipeline's Kinesis stream at a steady rate.
 * Settings come from config/producer.yml; flags override them. Targets the running local
 * stack (.local/stack.json) by default, or a deployed stage's stream with --stage.
 */
import { resolve } from 'node:path';
import {
  createLiveLine,
  loadProducerSettings,
  localTarget,
  progressLine,
  runProducer,
  STREAMABLE_ERROR_CODES,
  stageTarget,
  statsTable,
} from '@event-pipeline/local';
import { Command, InvalidArgumentError, Option } from 'commander';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = resolve(import.meta.dirname, '..');

const number = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('not a number');
  return parsed;
};

const program = new Command()
  .name('npm run produce --')
  .description(
    'Send sample pipeline events (packages/schema generator) to the Kinesis stream with PutRecords, ' +
      'at a steady rate, retrying rejected records with backoff, then print the statistics. ' +
      'Settings: config/producer.yml, each overridable by its flag. Exit status 1 if any record could not be sent.',
  )
  .option('--rate <records/s>', 'records per second (config: rate)', number)
  .option('--duration <seconds>', 'how long to produce; 0 produces nothing (config: duration)', number)
  .option('--batch-size <records>', 'records per PutRecords call, at most 500 (config: batch_size)', number)
  .option(
    '--invalid-fraction <0..1>',
    `share of invalid records, cycling through ${STREAMABLE_ERROR_CODES.join(', ')} (config: invalid_fraction)`,
    number,
  )
  .option('--seed <integer>', 'seed of the event generator (default: a new one each run)', number)
  .option('--concurrency <calls>', 'PutRecords calls in flight at once (config: concurrency)', number)
  .addOption(
    new Option('--config <file>', 'the settings file').default(
      resolve(ROOT, 'config/producer.yml'),
      'config/producer.yml',
    ),
  )
  .addOption(
    new Option('--stack-file <file>', 'the local stack to target').default(
      resolve(ROOT, '.local/stack.json'),
      '.local/stack.json',
    ),
  )
  .option(
    '--stage <stage>',
    "target a deployed stage's stream instead (AWS credentials from the environment)",
  )
  .option('--region <region>', 'with --stage: the region (default: the stage parameter `region`)')
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  npm start -- --duration 0 --keep-alive     # in one shell: the local stack\n' +
      '  npm run produce -- --duration 5            # in another: 50 events into it\n' +
      '  npm run produce -- --rate 500 --duration 30 --invalid-fraction 0.05\n' +
      '  npm run produce -- --stage dev --rate 100  # a deployed stage',
  );

async function main(): Promise<number> {
  const flags = program.parse().opts();
  const settings = loadProducerSettings(flags.config, {
    rate: flags.rate,
    duration: flags.duration,
    batchSize: flags.batchSize,
    invalidFraction: flags.invalidFraction,
    seed: flags.seed,
    concurrency: flags.concurrency,
  });
  const target =
    flags.stage === undefined ? localTarget(flags.stackFile) : stageTarget(ROOT, flags.stage, flags.region);
  console.log(`Producing to ${target.description}`);
  console.log(
    `  ${settings.rate} records/s for ${settings.duration} s, ${settings.batchSize} a call, ` +
      `${settings.invalidFraction * 100}% invalid, seed ${settings.seed}`,
  );
  const line = createLiveLine();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const stats = await runProducer({
    kinesis: target.kinesis,
    streamName: target.streamName,
    settings,
    signal: controller.signal,
    onProgress: (progress) => line.update(progressLine(progress)),
  });
  line.done();
  console.log(`\n${statsTable(stats, settings.rate)}`);
  target.kinesis.destroy();
  return stats.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`produce: ${(error as Error).message}`);
    process.exit(2);
  },
);
