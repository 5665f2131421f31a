import { describe, expect, it } from '@jest/globals';
import { BUCKET_NAME, ConfigError, loadConfig, num, str, TABLE_NAME } from '../../src/index.js';

const spec = {
  RAW_BUCKET: str({ pattern: BUCKET_NAME, hint: 'an S3 bucket name' }),
  LEDGER_TABLE: str({ pattern: TABLE_NAME, hint: 'a DynamoDB table name' }),
  WRITE_CONCURRENCY: num({ default: 8, min: 1, max: 64, integer: true }),
};

describe('loadConfig', () => {
  it('reads, trims and types every setting, with defaults', () => {
    expect(
      loadConfig(spec, { RAW_BUCKET: ' my-raw-bucket ', LEDGER_TABLE: 'event-pipeline-dev-metadata' }),
    ).toEqual({
      RAW_BUCKET: 'my-raw-bucket',
      LEDGER_TABLE: 'event-pipeline-dev-metadata',
      WRITE_CONCURRENCY: 8,
    });
  });

  it('reports every problem at once, each naming its setting', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { RAW_BUCKET: 'Bad_Bucket', WRITE_CONCURRENCY: '2.5' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'RAW_BUCKET must be an S3 bucket name, got "Bad_Bucket"',
      'LEDGER_TABLE is not set',
      'WRITE_CONCURRENCY must be an integer, got "2.5"',
    ]);
    expect((caught as Error).message).toMatch(/^invalid configuration: RAW_BUCKET/);
  });

  it('treats an empty value as unset', () => {
    expect(() => loadConfig({ X: str() }, { X: '  ' })).toThrow('X is not set');
    expect(loadConfig({ X: str({ default: 'd' }) }, { X: '' })).toEqual({ X: 'd' });
  });

  it('checks bounds and refuses non-numbers', () => {
    expect(() => loadConfig({ N: num({ min: 1 }) }, { N: '0' })).toThrow('N must be >= 1, got 0');
    expect(() => loadConfig({ N: num({ max: 10 }) }, { N: '11' })).toThrow('N must be <= 10, got 11');
    expect(() => loadConfig({ N: num() }, { N: 'ten' })).toThrow('N must be a number, got "ten"');
    expect(() => loadConfig({ N: num() }, { N: 'Infinity' })).toThrow('N must be a number');
    expect(loadConfig({ N: num() }, { N: '-2.5' })).toEqual({ N: -2.5 });
  });
});
