import { ConfigError } from '@event-pipeline/runtime';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadTransformConfig } from '../../src/config.js';
import { DEFAULT_THRESHOLDS } from '../../src/enrichment/thresholds.js';

const required = {
  PROCESSED_BUCKET: 'event-pipeline-dev-processed-123456789012-us-east-1',
  LEDGER_TABLE: 'event-pipeline-dev-metadata',
};

describe('loadTransformConfig', () => {
  it('uses the design defaults when no threshold is set (or set empty, as serverless.yml does)', () => {
    expect(loadTransformConfig(required)).toEqual({
      processedBucket: required.PROCESSED_BUCKET,
      ledgerTable: required.LEDGER_TABLE,
      thresholds: DEFAULT_THRESHOLDS,
      serviceName: 'transform',
    });
    expect(
      loadTransformConfig({ ...required, TRANSACTION_SMALL_FROM: '', METRIC_ANOMALY_ABOVE: '' }).thresholds,
    ).toEqual(DEFAULT_THRESHOLDS);
  });

  it("takes the service name (the metrics' `service` dimension) from POWERTOOLS_SERVICE_NAME", () => {
    expect(loadTransformConfig({ ...required, POWERTOOLS_SERVICE_NAME: 'transform-eu' }).serviceName).toBe(
      'transform-eu',
    );
  });

  it('overrides thresholds from the environment', () => {
    const { thresholds } = loadTransformConfig({
      ...required,
      TRANSACTION_HIGH_VALUE_ABOVE: '5000',
      METRIC_ANOMALY_ABOVE: '150.5',
    });
    expect(thresholds.transaction.highValueAbove).toBe(5000);
    expect(thresholds.metric.anomalyAbove).toBe(150.5);
    expect(thresholds.session).toEqual(DEFAULT_THRESHOLDS.session);
  });

  it('names every bad setting at once', () => {
    const load = () => loadTransformConfig({ PROCESSED_BUCKET: 'Bad_Bucket', SESSION_LONG_FROM: 'ten' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'invalid configuration: PROCESSED_BUCKET must be an S3 bucket name, got "Bad_Bucket"; LEDGER_TABLE is not set; SESSION_LONG_FROM must be a number, got "ten"',
    );
  });

  it('refuses thresholds that are out of order', () => {
    expect(() => loadTransformConfig({ ...required, SESSION_MEDIUM_FROM: '600' })).toThrow(
      'session duration thresholds must be strictly ascending, got 600 < 600',
    );
  });
});

describe('the Lambda entry', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails its cold start with a message naming each bad setting', async () => {
    delete process.env.PROCESSED_BUCKET;
    process.env.LEDGER_TABLE = required.LEDGER_TABLE;
    process.env.METRIC_HIGH_FROM = 'lots';

    await expect(import('../../src/lambda.js')).rejects.toThrow(
      'invalid configuration: PROCESSED_BUCKET is not set; METRIC_HIGH_FROM must be a number, got "lots"',
    );
  });
});
