import { ConfigError } from '@event-pipeline/runtime';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadIngestConfig } from '../../src/config.js';

const valid = {
  RAW_BUCKET: 'event-pipeline-dev-raw-123456789012-us-east-1',
  LEDGER_TABLE: 'event-pipeline-dev-metadata',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadIngestConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadIngestConfig', () => {
  it('reads the bucket and table, and defaults the write concurrency to 8', () => {
    expect(loadIngestConfig(valid)).toEqual({
      rawBucket: valid.RAW_BUCKET,
      ledgerTable: valid.LEDGER_TABLE,
      writeConcurrency: 8,
      serviceName: 'ingest',
    });
    expect(loadIngestConfig({ ...valid, WRITE_CONCURRENCY: '16' }).writeConcurrency).toBe(16);
  });

  it('names every missing setting in one error', () => {
    expect(problemsOf({})).toEqual(['RAW_BUCKET is not set', 'LEDGER_TABLE is not set']);
    expect(problemsOf({ RAW_BUCKET: '  ', LEDGER_TABLE: valid.LEDGER_TABLE })).toEqual([
      'RAW_BUCKET is not set',
    ]);
  });

  it('names a malformed setting and what it must be', () => {
    expect(problemsOf({ ...valid, RAW_BUCKET: 'Raw_Bucket' })).toEqual([
      'RAW_BUCKET must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens), got "Raw_Bucket"',
    ]);
    expect(problemsOf({ ...valid, LEDGER_TABLE: 'a b' })[0]).toMatch(
      /^LEDGER_TABLE must be a DynamoDB table name/,
    );
    expect(problemsOf({ ...valid, WRITE_CONCURRENCY: 'eight' })).toEqual([
      'WRITE_CONCURRENCY must be an integer, got "eight"',
    ]);
    expect(problemsOf({ ...valid, WRITE_CONCURRENCY: '2.5' })).toEqual([
      'WRITE_CONCURRENCY must be an integer, got "2.5"',
    ]);
    expect(problemsOf({ ...valid, WRITE_CONCURRENCY: '0' })).toEqual([
      'WRITE_CONCURRENCY must be >= 1, got 0',
    ]);
    expect(problemsOf({ ...valid, WRITE_CONCURRENCY: '1000' })).toEqual([
      'WRITE_CONCURRENCY must be <= 64, got 1000',
    ]);
  });
});

describe('the Lambda entry', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails its cold start with a message naming each bad setting', async () => {
    delete process.env.RAW_BUCKET;
    process.env.LEDGER_TABLE = valid.LEDGER_TABLE;
    process.env.WRITE_CONCURRENCY = 'many';

    await expect(import('../../src/lambda.js')).rejects.toThrow(
      'invalid configuration: RAW_BUCKET is not set; WRITE_CONCURRENCY must be an integer, got "many"',
    );
  });
});
