/** The ingest function's settings, read from the environment and checked once at cold start. */
import { BUCKET_NAME, loadConfig, num, str, TABLE_NAME } from '@event-pipeline/runtime';

const settings = {
  RAW_BUCKET: str({
    pattern: BUCKET_NAME,
    hint: 'an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  }),
  LEDGER_TABLE: str({ pattern: TABLE_NAME, hint: 'a DynamoDB table name (3-255 letters, digits, _ . -)' }),
  // Concurrent PutObject calls per batch: one per partition, at most this many in flight.
  WRITE_CONCURRENCY: num({ default: 8, min: 1, max: 64, integer: true }),
  // The `service` dimension of its metrics and the `service` of its logs.
  POWERTOOLS_SERVICE_NAME: str({ default: 'ingest' }),
};

export interface IngestConfig {
  rawBucket: string;
  ledgerTable: string;
  writeConcurrency: number;
  serviceName: string;
}

/** Throws one `ConfigError` naming every missing or malformed setting. */
export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  const c = loadConfig(settings, env);
  return {
    rawBucket: c.RAW_BUCKET,
    ledgerTable: c.LEDGER_TABLE,
    writeConcurrency: c.WRITE_CONCURRENCY,
    serviceName: c.POWERTOOLS_SERVICE_NAME,
  };
}
