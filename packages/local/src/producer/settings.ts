/**
 * The producer's settings: `config/producer.yml` (rate, duration, batch_size, ...) with
 * command-line flags over it. Every bad value is reported together, naming the setting.
 */
import { existsSync } from 'node:fs';
import { GENERATED_ERROR_CODES } from '@event-pipeline/schema';
import { readYaml } from '../stack/serverless-variables.js';
import { MAX_RECORDS_PER_CALL } from './put-records.js';

export interface ProducerSettings {
  /** Records per second. */
  rate: number;
  /** Seconds of production; 0 produces nothing. */
  duration: number;
  /** Records per PutRecords call (at most 500). */
  batchSize: number;
  /** Fraction (0..1) of invalid records, of every error code that can travel through Kinesis. */
  invalidFraction: number;
  /** Seed of the sample generator; a new one each run by default, so runs never repeat event ids. */
  seed: number;
  /** PutRecords calls in flight at once. */
  concurrency: number;
}

const FILE_KEYS: Record<string, keyof ProducerSettings> = {
  rate: 'rate',
  duration: 'duration',
  batch_size: 'batchSize',
  invalid_fraction: 'invalidFraction',
  seed: 'seed',
  concurrency: 'concurrency',
};

const DEFAULTS: ProducerSettings = {
  rate: 10,
  duration: 60,
  batchSize: 10,
  invalidFraction: 0,
  seed: 0,
  concurrency: 16,
};

/** Codes an invalid record can have on its way through Kinesis (`too_large` cannot: 1 MiB cap). */
export const STREAMABLE_ERROR_CODES = GENERATED_ERROR_CODES.filter((code) => code !== 'too_large');

class SettingsError extends Error {
  override name = 'SettingsError';
}

function check(settings: ProducerSettings): string[] {
  const problems: string[] = [];
  const { rate, duration, batchSize, invalidFraction, seed, concurrency } = settings;
  if (!(Number.isFinite(rate) && rate > 0)) problems.push(`rate must be a number > 0, got ${rate}`);
  if (!(Number.isFinite(duration) && duration >= 0))
    problems.push(`duration must be a number >= 0, got ${duration}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_RECORDS_PER_CALL))
    problems.push(`batch_size must be an integer within 1..${MAX_RECORDS_PER_CALL}, got ${batchSize}`);
  if (!(invalidFraction >= 0 && invalidFraction <= 1))
    problems.push(`invalid_fraction must be within 0..1, got ${invalidFraction}`);
  if (!Number.isInteger(seed)) problems.push(`seed must be an integer, got ${seed}`);
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    problems.push(`concurrency must be an integer >= 1, got ${concurrency}`);
  return problems;
}

/**
 * The settings from `file` (if it exists) with `overrides` (flags) over them; a fresh random
 * seed unless one is given.
 */
export function loadProducerSettings(
  file: string | undefined,
  overrides: Partial<ProducerSettings> = {},
): ProducerSettings {
  const fromFile: Partial<ProducerSettings> = {};
  const problems: string[] = [];
  if (file !== undefined && existsSync(file)) {
    const content = (readYaml(file) ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(content)) {
      const name = FILE_KEYS[key];
      if (name === undefined)
        problems.push(`${file}: unknown setting "${key}" (known: ${Object.keys(FILE_KEYS).join(', ')})`);
      else fromFile[name] = Number(value);
    }
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const settings = {
    ...DEFAULTS,
    seed: Math.floor(Math.random() * 2 ** 31),
    ...fromFile,
    ...defined,
  } as ProducerSettings;
  problems.push(...check(settings));
  if (problems.length > 0) throw new SettingsError(`invalid producer settings: ${problems.join('; ')}`);
  return settings;
}
