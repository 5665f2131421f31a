/** Stage settings and measured facts with round numbers, so that a test can price a bill by hand. */
import type { CpuFigures, Measured, StageSettings } from '../../src/index.js';

export function testSettings(overrides: Partial<StageSettings> = {}): StageSettings {
  return {
    stage: 'test',
    stream: { shards: 1, retentionHours: 24, shardLevelMetricsPerShard: 0 },
    // 1,769 MB: a full vCPU, so CPU time is not stretched.
    ingest: { memoryMb: 1769, traced: true, source: 'test', batchSize: 100, batchWindowSeconds: 10 },
    transform: { memoryMb: 1769, traced: false, source: 'test' },
    compact: { memoryMb: 1769, traced: false, source: 'test', everyMinutes: 60 },
    logLevel: 'INFO',
    logRetentionDays: 7,
    lake: {
      glacierTransitionDays: 90,
      glacierMinimumObjectBytes: 163_840,
      noncurrentVersionExpirationDays: 7,
      processedExpirationDays: 0,
    },
    ledger: { pitr: false, indexes: 1 },
    monitoring: { alarmMetrics: 2, dashboards: 1, customerManagedKeys: 0 },
    workload: { eventsPerSecond: 1, eventBytes: 1000 },
    ...overrides,
  };
}

const volume = (lineBytes: number, emfBytes: number, metrics: number) => ({
  logs: {
    DEBUG: { lines: 1, bytes: lineBytes },
    INFO: { lines: 1, bytes: lineBytes },
    WARN: { lines: 0, bytes: 0 },
    ERROR: { lines: 0, bytes: 0 },
  },
  emfBytesPerInvocation: emfBytes,
  coldStartEmfBytes: 300,
  metrics: Array.from({ length: metrics }, (_, index) => `Metric${index} [service]`),
});

/** Only user_action events unless `shares` says otherwise. */
export function testMeasured(shares: Partial<Measured['events']['typeShares']> = {}): Measured {
  return {
    events: {
      sampleSize: 1,
      averageBytes: 200,
      typeShares: { user_action: 1, transaction: 0, metric: 0, system_event: 0, ...shares },
    },
    rawLineOverheadBytes: 100,
    // The envelope is half of a 200-byte event: `data` is the event minus 100 bytes.
    processedLine: { dataShare: 0.5, overheadBytes: 200 },
    kinesisRecordOverheadBytes: 500,
    ledger: { ingestItemBaseBytes: 400, ingestItemBytesPerObject: 100, transformItemBytes: 700 },
    ingest: volume(500, 600, 7),
    transform: volume(1000, 500, 6),
  };
}

export const TEST_CPU: CpuFigures = {
  ingest: { msPerInvocation: 10, usPerRecord: 100 },
  transform: { msPerInvocation: 20, usPerRecord: 100 },
};
