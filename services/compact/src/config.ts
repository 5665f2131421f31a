/** The compactor's settings, read from the environment and checked once at cold start. */
import { tmpdir } from 'node:os';
import { BUCKET_NAME, type ConfigOf, loadConfig, num, str, TABLE_NAME } from '@event-pipeline/runtime';

export const compactSettings = {
  PROCESSED_BUCKET: str({
    pattern: BUCKET_NAME,
    hint: 'an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  }),
  LEDGER_TABLE: str({ pattern: TABLE_NAME, hint: 'a DynamoDB table name (3-255 letters, digits, _ . -)' }),
  // A partition is compacted once no processed object has reached it for this long.
  SETTLE_SECONDS: num({ default: 300, min: 0, integer: true }),
  MAX_PARTITIONS_PER_RUN: num({ default: 200, min: 1, max: 10_000, integer: true }),
  // No new partition is started with less than this left of the invocation: it stays pending.
  RESERVE_SECONDS: num({ default: 180, min: 0, integer: true }),
  // A run's hold on a partition; longer than the function's timeout, so it cannot lapse mid-run.
  LEASE_SECONDS: num({ default: 960, min: 1, integer: true }),
  // 50,000 rows (~9 MB of Parquet) a group: peak RSS ~390 MB on a 1.8 M-row partition (bench/compact).
  ROW_GROUP_ROWS: num({ default: 50_000, min: 1, max: 10_000_000, integer: true }),
  // Processed objects fetched ahead while the current one is compacted.
  READ_CONCURRENCY: num({ default: 32, min: 1, max: 256, integer: true }),
  SPILL_DIR: str({ default: tmpdir() }),
  POWERTOOLS_SERVICE_NAME: str({ default: 'compact' }),
};

export interface CompactConfig {
  processedBucket: string;
  ledgerTable: string;
  settleSeconds: number;
  maxPartitionsPerRun: number;
  reserveSeconds: number;
  leaseSeconds: number;
  rowGroupRows: number;
  readConcurrency: number;
  spillDir: string;
  serviceName: string;
}

/** Throws one `ConfigError` naming every missing or malformed setting. */
export function loadCompactConfig(env: Record<string, string | undefined> = process.env): CompactConfig {
  const settings: ConfigOf<typeof compactSettings> = loadConfig(compactSettings, env);
  return {
    processedBucket: settings.PROCESSED_BUCKET,
    ledgerTable: settings.LEDGER_TABLE,
    settleSeconds: settings.SETTLE_SECONDS,
    maxPartitionsPerRun: settings.MAX_PARTITIONS_PER_RUN,
    reserveSeconds: settings.RESERVE_SECONDS,
    leaseSeconds: settings.LEASE_SECONDS,
    rowGroupRows: settings.ROW_GROUP_ROWS,
    readConcurrency: settings.READ_CONCURRENCY,
    spillDir: settings.SPILL_DIR,
    serviceName: settings.POWERTOOLS_SERVICE_NAME,
  };
}
