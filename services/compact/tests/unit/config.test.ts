import { ConfigError } from '@event-pipeline/runtime';
import { describe, expect, it } from '@jest/globals';
import { loadCompactConfig } from '../../src/config.js';

describe('loadCompactConfig', () => {
  it('reads the settings with their defaults', () => {
    expect(
      loadCompactConfig({
        PROCESSED_BUCKET: 'event-pipeline-dev-processed',
        LEDGER_TABLE: 'event-pipeline-dev-metadata',
        SPILL_DIR: '/tmp',
      }),
    ).toEqual({
      processedBucket: 'event-pipeline-dev-processed',
      ledgerTable: 'event-pipeline-dev-metadata',
      settleSeconds: 300,
      maxPartitionsPerRun: 200,
      reserveSeconds: 180,
      leaseSeconds: 960,
      rowGroupRows: 50_000,
      readConcurrency: 32,
      spillDir: '/tmp',
      serviceName: 'compact',
    });
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      loadCompactConfig({ LEDGER_TABLE: 'x', SETTLE_SECONDS: 'soon', ROW_GROUP_ROWS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PROCESSED_BUCKET is not set',
      'LEDGER_TABLE must be a DynamoDB table name (3-255 letters, digits, _ . -), got "x"',
      'SETTLE_SECONDS must be an integer, got "soon"',
      'ROW_GROUP_ROWS must be >= 1, got 0',
    ]);
  });
});
