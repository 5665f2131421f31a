/**
 * `npm run produce`: sends sample events to the pipeline's Kinesis stream at a steady rate.
 * Settings come from config/producer.yml; flags override them. Targets the running local
 * stack (.local/stack.json, or that of --data-dir) by default, or a deployed stage's stream with
 * --stage; either way the stream is checked (and a stage's AWS credentials) before anything is sent.
 */
import {
  addConcurrencyOption,
  addProducerOptions,
  addTargetOptions,
  createLiveLine,
  OPERATOR_POLICY_HELP,
  type ProducerFlags,
  producerConfigOption,
  producerOverrides,
  progressLine,
  runMain,
  statsTable,
  streamTargetFromFlags,
  type TargetFlags,
  toolCommand,
} from '@event-pipeline/cli';
import { loadProducerSettings, runProducer } from '@event-pipeline/local';
import { ROOT } from './repository.js';

const program = toolCommand('npm run produce --').description(
  'Send sample pipeline events (packages/schema generator) to the Kinesis stream with PutRecords, ' +
    'at a steady rate, retrying rejected records with backoff, then print the statistics. ' +
    'Settings: config/producer.yml, each overridable by its flag. Exit status 1 if any record could not be sent, ' +
    '2 if nothing could be (a bad flag, no stack, no credentials, no stream).',
);
addConcurrencyOption(addProducerOptions(program)).addOption(producerConfigOption(ROOT));
addTargetOptions(program).addHelpText(
  'after',
  '\nExamples:\n' +
    '  npm start -- --duration 0 --keep-alive     # in one shell: the local stack\n' +
    '  npm run produce -- --duration 5            # in another: 50 events into it\n' +
    '  npm run produce -- --rate 500 --duration 30 --invalid-fraction 0.05\n' +
    '  npm run produce -- --data-dir /tmp/second  # the stack of `npm start -- --data-dir /tmp/second`\n' +
    '  npm run produce -- --stage dev --rate 100  # a deployed stage' +
    `\n${OPERATOR_POLICY_HELP}`,
);

async function main(): Promise<number> {
  const flags = program.parse().opts<ProducerFlags & TargetFlags & { config: string }>();
  const settings = loadProducerSettings(flags.config, producerOverrides(flags));
  const target = await streamTargetFromFlags(ROOT, flags);
  try {
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
    return stats.failed > 0 ? 1 : 0;
  } finally {
    target.kinesis.destroy();
  }
}

runMain('produce', main);
