import { GENERATED_ERROR_CODES, MAX_RECORD_BYTES } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { MAX_BYTES_PER_RECORD } from '../../../src/producer/put-records.js';
import {
  loadProducerSettings,
  STREAMABLE_ERROR_CODES,
  settingProblem,
  UNSTREAMABLE_ERROR_CODES_NOTE,
} from '../../../src/producer/settings.js';

describe('loadProducerSettings', () => {
  it('lets flags override the file, and draws a seed when none is given', () => {
    const file = new URL('../../fixtures/producer.yml', import.meta.url).pathname;
    const settings = loadProducerSettings(file, { rate: 50, duration: undefined });
    expect(settings).toMatchObject({ rate: 50, duration: 7, batchSize: 3, invalidFraction: 0.25 });
    expect(Number.isInteger(settings.seed)).toBe(true);
  });

  it('names every bad setting at once', () => {
    expect(() => loadProducerSettings(undefined, { rate: 0, batchSize: 501, invalidFraction: 2 })).toThrow(
      'invalid producer settings: rate must be a number > 0, got 0; batch_size must be an integer within 1..500, got 501; invalid_fraction must be within 0..1, got 2',
    );
  });

  it('refuses a settings file that does not exist, naming it, rather than running on the defaults', () => {
    expect(() => loadProducerSettings('nope.yml')).toThrow(
      'the producer settings file nope.yml does not exist',
    );
  });
});

describe('settingProblem', () => {
  it('says what each setting must be, by the rule the file is checked with', () => {
    expect(settingProblem('rate', -5)).toBe('must be a number > 0');
    expect(settingProblem('rate', 0)).toBe('must be a number > 0');
    expect(settingProblem('duration', -1)).toBe('must be a number >= 0');
    expect(settingProblem('duration', 0)).toBeUndefined();
    expect(settingProblem('invalidFraction', 2)).toBe('must be within 0..1');
    expect(settingProblem('batchSize', 501)).toBe('must be an integer within 1..500');
    expect(settingProblem('seed', 1.5)).toBe('must be an integer');
    expect(settingProblem('concurrency', 0)).toBe('must be an integer >= 1');
    expect(settingProblem('batchSize', 500)).toBeUndefined();
  });
});

describe('STREAMABLE_ERROR_CODES', () => {
  it('leaves out too_large exactly when no record over the validator limit fits a Kinesis record', () => {
    // The validator's limit is Kinesis' own: a too_large record cannot be put on the stream.
    expect(MAX_RECORD_BYTES).toBe(MAX_BYTES_PER_RECORD);
    expect(STREAMABLE_ERROR_CODES).toEqual(GENERATED_ERROR_CODES.filter((code) => code !== 'too_large'));
    expect(UNSTREAMABLE_ERROR_CODES_NOTE).toBe(
      "never too_large: a record over the validator's 1 MiB limit is over Kinesis' 1 MiB record limit too, and cannot be sent",
    );
  });
});
