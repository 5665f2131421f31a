/** The producer's flags (`npm start`, `npm run produce`): each overrides its setting of config/producer.yml. */
import {
  type ProducerSettings,
  STREAMABLE_ERROR_CODES,
  settingProblem,
  UNSTREAMABLE_ERROR_CODES_NOTE,
} from '@event-pipeline/local';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { repositoryFileOption } from './options.js';
import { parseNumber } from './parsers.js';

/** The flags of `addProducerOptions`, and `--concurrency` where a script offers it. */
export interface ProducerFlags {
  rate?: number;
  duration?: number;
  batchSize?: number;
  invalidFraction?: number;
  seed?: number;
  concurrency?: number;
}

/** A parser of the flag of `setting`, by the rule the settings file is checked with. */
export function producerSettingParser(setting: keyof ProducerSettings): (value: string) => number {
  return (value) => {
    const parsed = parseNumber(value);
    const problem = settingProblem(setting, parsed);
    if (problem !== undefined) throw new InvalidArgumentError(problem);
    return parsed;
  };
}

const invalidCodes = [
  `cycling through ${STREAMABLE_ERROR_CODES.join(', ')}`,
  ...(UNSTREAMABLE_ERROR_CODES_NOTE === '' ? [] : [UNSTREAMABLE_ERROR_CODES_NOTE]),
].join('; ');

/** The producer's settings a run may override (config/producer.yml has the others). */
export function addProducerOptions(command: Command): Command {
  return command
    .option('--rate <records/s>', 'records per second (config: rate)', producerSettingParser('rate'))
    .option(
      '--duration <seconds>',
      'how long to produce; 0 produces nothing (config: duration)',
      producerSettingParser('duration'),
    )
    .option(
      '--batch-size <records>',
      'records per PutRecords call, at most 500 (config: batch_size)',
      producerSettingParser('batchSize'),
    )
    .option(
      '--invalid-fraction <0..1>',
      `share of invalid records, ${invalidCodes} (config: invalid_fraction)`,
      producerSettingParser('invalidFraction'),
    )
    .option(
      '--seed <integer>',
      'seed of the event generator (default: a new one each run)',
      producerSettingParser('seed'),
    );
}

/** `--concurrency`: PutRecords calls in flight (`npm run produce`). */
export function addConcurrencyOption(command: Command): Command {
  return command.option(
    '--concurrency <calls>',
    'PutRecords calls in flight at once (config: concurrency)',
    producerSettingParser('concurrency'),
  );
}

/** `--config`: the producer settings file, config/producer.yml by default. */
export function producerConfigOption(rootDir: string): Option {
  return repositoryFileOption(
    '--config <file>',
    'the producer settings file (it must exist)',
    rootDir,
    'config/producer.yml',
  );
}

/** The producer flags given, as overrides of loadProducerSettings (flags not given are left out there). */
export function producerOverrides(flags: ProducerFlags): Partial<ProducerSettings> {
  const { rate, duration, batchSize, invalidFraction, seed, concurrency } = flags;
  return { rate, duration, batchSize, invalidFraction, seed, concurrency };
}
