/**
 * The command-line pieces (commander) the repository's scripts share: number parsers with
 * clear errors, the producer's flags (`npm start`, `npm run produce`), the flags naming the
 * stack a tool targets (`npm run produce`, `npm run redrive`, `npm run replay`), the handlers'
 * log level, and how a script's main ends the process.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { LogLevel } from '../pipeline/handlers.js';
import { type ProducerSettings, STREAMABLE_ERROR_CODES } from '../producer/settings.js';

/** A finite number (the range is checked where the value is used). */
export function parseNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('not a number');
  return parsed;
}

/** A whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return parsed;
}

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

/** `--log-level`: the Powertools log level of the handlers a script runs. */
export function logLevelOption(description: string, defaultLevel: LogLevel): Option {
  return new Option('--log-level <level>', description).choices(LOG_LEVELS).default(defaultLevel);
}

/** An option naming a file, by default `path` under the repository root (shown as `path`). */
function repositoryFileOption(flags: string, description: string, rootDir: string, path: string): Option {
  return new Option(flags, description).default(resolve(rootDir, path), path);
}

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

/** The flags of `addTargetOptions`. */
export interface TargetFlags {
  stage?: string;
  region?: string;
  stackFile: string;
}

/** Which stack a tool works on: the running local stack (its stack file) or, with --stage, a deployed one. */
export function addTargetOptions(command: Command, rootDir: string): Command {
  return command
    .option(
      '--stage <stage>',
      'a deployed stage instead of the local stack (AWS credentials from the environment)',
    )
    .option('--region <region>', "with --stage: the region (default: the stage's `region` parameter)")
    .addOption(
      repositoryFileOption('--stack-file <file>', 'the local stack to target', rootDir, '.local/stack.json'),
    );
}

/**
 * Runs a script's `main` and exits with the status it resolves to; if it throws, prints what
 * `describeError` makes of the error and exits with status 2.
 */
export function runMain(main: () => Promise<number>, describeError: (error: unknown) => string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeError(error));
      process.exit(2);
    },
  );
}
