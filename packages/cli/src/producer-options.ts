/** The producer's flags (`npm start`, `npm run produce`): each overrides its setting of config/producer.yml. */
import { type ProducerSettings, STREAMABLE_ERROR_CODES } from '@event-pipeline/local';
import type { Command, Option } from 'commander';
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

/** The producer's settings a run may override (config/producer.yml has the others). */
export function addProducerOptions(command: Command): Command {
  return command
    .option('--rate <records/s>', 'records per second (config: rate)', parseNumber)
    .option('--duration <seconds>', 'how long to produce; 0 produces nothing (config: duration)', parseNumber)
    .option(
      '--batch-size <records>',
      'records per PutRecords call, at most 500 (config: batch_size)',
      parseNumber,
    )
    .option(
      '--invalid-fraction <0..1>',
      `share of invalid records, cycling through ${STREAMABLE_ERROR_CODES.join(', ')} (config: invalid_fraction)`,
      parseNumber,
    )
    .option('--seed <integer>', 'seed of the event generator (default: a new one each run)', parseNumber);
}

/** `--config`: the producer settings file, config/producer.yml by default. */
export function producerConfigOption(rootDir: string): Option {
  return repositoryFileOption(
    '--config <file>',
    'the producer settings file',
    rootDir,
    'config/producer.yml',
  );
}

/** The producer flags given, as overrides of loadProducerSettings (flags not given are left out there). */
export function producerOverrides(flags: ProducerFlags): Partial<ProducerSettings> {
  const { rate, duration, batchSize, invalidFraction, seed, concurrency } = flags;
  return { rate, duration, batchSize, invalidFraction, seed, concurrency };
}
