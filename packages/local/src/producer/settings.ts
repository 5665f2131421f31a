/**
 * The producer's settings: `config/producer.yml` (rate, duration, batch_size, ...) with
 * command-line flags over it. Each setting has one rule (SETTING_RULES), which the flags are
 * checked against as they are parsed and the file as it is read; every bad value of the file
 * is reported together, naming the setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { GENERATED_ERROR_CODES, MAX_RECORD_BYTES } from '@event-pipeline/schema';
import { parse } from 'yaml';
import { MAX_BYTES_PER_RECORD, MAX_RECORDS_PER_CALL } from './put-records.js';

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

interface SettingRule {
  valid(value: number): boolean;
  /** What a value must be, completing "must be ...". */
  expected: string;
}

const SETTING_RULES: Record<keyof ProducerSettings, SettingRule> = {
  rate: { valid: (v) => Number.isFinite(v) && v > 0, expected: 'a number > 0' },
  duration: { valid: (v) => Number.isFinite(v) && v >= 0, expected: 'a number >= 0' },
  batchSize: {
    valid: (v) => Number.isInteger(v) && v >= 1 && v <= MAX_RECORDS_PER_CALL,
    expected: `an integer within 1..${MAX_RECORDS_PER_CALL}`,
  },
  invalidFraction: { valid: (v) => v >= 0 && v <= 1, expected: 'within 0..1' },
  seed: { valid: Number.isInteger, expected: 'an integer' },
  concurrency: { valid: (v) => Number.isInteger(v) && v >= 1, expected: 'an integer >= 1' },
};

/** What is wrong with `value` for `setting` ("must be ..."), or undefined when it is fine. */
export function settingProblem(setting: keyof ProducerSettings, value: number): string | undefined {
  const rule = SETTING_RULES[setting];
  return rule.valid(value) ? undefined : `must be ${rule.expected}`;
}

/**
 * Codes an invalid record can have on its way through Kinesis. A record is `too_large` above the
 * validator's limit, which no record can be when that limit is the stream's own (both 1 MiB).
 */
export const STREAMABLE_ERROR_CODES = GENERATED_ERROR_CODES.filter(
  (code) => code !== 'too_large' || MAX_RECORD_BYTES < MAX_BYTES_PER_RECORD,
);

/** The codes the producer cannot send, and why: for the help of --invalid-fraction. */
export const UNSTREAMABLE_ERROR_CODES_NOTE =
  STREAMABLE_ERROR_CODES.length === GENERATED_ERROR_CODES.length
    ? ''
    : `never too_large: a record over the validator's ${MAX_RECORD_BYTES / 1024 / 1024} MiB limit is over ` +
      `Kinesis' ${MAX_BYTES_PER_RECORD / 1024 / 1024} MiB record limit too, and cannot be sent`;

class SettingsError extends Error {
  override name = 'SettingsError';
}

function check(settings: ProducerSettings): string[] {
  const problems: string[] = [];
  for (const [fileKey, setting] of Object.entries(FILE_KEYS)) {
    const problem = settingProblem(setting, settings[setting]);
    if (problem !== undefined) problems.push(`${fileKey} ${problem}, got ${settings[setting]}`);
  }
  return problems;
}

function readSettingsFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new SettingsError(`the producer settings file ${file} does not exist`);
  try {
    return (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new SettingsError(
      `the producer settings file ${file} is not valid YAML: ${(error as Error).message}`,
    );
  }
}

/**
 * The settings from `file` (if given: it must exist) with `overrides` (flags) over them; a fresh
 * random seed unless one is given.
 */
export function loadProducerSettings(
  file: string | undefined,
  overrides: Partial<ProducerSettings> = {},
): ProducerSettings {
  const fromFile: Partial<ProducerSettings> = {};
  const problems: string[] = [];
  if (file !== undefined) {
    for (const [key, value] of Object.entries(readSettingsFile(file))) {
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
