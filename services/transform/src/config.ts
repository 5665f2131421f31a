/**
 * The transformer's settings, read from the environment and checked once at cold start. The
 * enrichment thresholds are optional overrides of DEFAULT_THRESHOLDS (docs/architecture.md §5).
 */
import { BUCKET_NAME, ConfigError, loadConfig, num, str, TABLE_NAME } from '@event-pipeline/runtime';
import { DEFAULT_THRESHOLDS, type Thresholds, thresholdProblems } from './enrichment/thresholds.js';

const { transaction, session, metric } = DEFAULT_THRESHOLDS;

const settings = {
  PROCESSED_BUCKET: str({ pattern: BUCKET_NAME, hint: 'an S3 bucket name' }),
  LEDGER_TABLE: str({ pattern: TABLE_NAME, hint: 'a DynamoDB table name' }),
  // The `service` dimension of its metrics (the dashboard reads service=transform) and of its logs.
  POWERTOOLS_SERVICE_NAME: str({ default: 'transform' }),
  TRANSACTION_SMALL_FROM: num({ default: transaction.smallFrom }),
  TRANSACTION_MEDIUM_FROM: num({ default: transaction.mediumFrom }),
  TRANSACTION_LARGE_FROM: num({ default: transaction.largeFrom }),
  TRANSACTION_HIGH_VALUE_ABOVE: num({ default: transaction.highValueAbove }),
  SESSION_MEDIUM_FROM: num({ default: session.mediumFrom, min: 0 }),
  SESSION_LONG_FROM: num({ default: session.longFrom, min: 0 }),
  METRIC_LOW_FROM: num({ default: metric.lowFrom }),
  METRIC_NORMAL_FROM: num({ default: metric.normalFrom }),
  METRIC_HIGH_FROM: num({ default: metric.highFrom }),
  METRIC_ANOMALY_BELOW: num({ default: metric.anomalyBelow }),
  METRIC_ANOMALY_ABOVE: num({ default: metric.anomalyAbove }),
};

export interface TransformConfig {
  processedBucket: string;
  ledgerTable: string;
  thresholds: Thresholds;
  serviceName: string;
}

/** Throws one `ConfigError` naming every missing or malformed setting. */
export function loadTransformConfig(env: Record<string, string | undefined> = process.env): TransformConfig {
  const c = loadConfig(settings, env);
  const thresholds: Thresholds = {
    transaction: {
      smallFrom: c.TRANSACTION_SMALL_FROM,
      mediumFrom: c.TRANSACTION_MEDIUM_FROM,
      largeFrom: c.TRANSACTION_LARGE_FROM,
      highValueAbove: c.TRANSACTION_HIGH_VALUE_ABOVE,
    },
    session: { mediumFrom: c.SESSION_MEDIUM_FROM, longFrom: c.SESSION_LONG_FROM },
    metric: {
      lowFrom: c.METRIC_LOW_FROM,
      normalFrom: c.METRIC_NORMAL_FROM,
      highFrom: c.METRIC_HIGH_FROM,
      anomalyBelow: c.METRIC_ANOMALY_BELOW,
      anomalyAbove: c.METRIC_ANOMALY_ABOVE,
    },
  };
  const problems = thresholdProblems(thresholds);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    processedBucket: c.PROCESSED_BUCKET,
    ledgerTable: c.LEDGER_TABLE,
    thresholds,
    serviceName: c.POWERTOOLS_SERVICE_NAME,
  };
}
