/**
 * Facts measured from the real handlers by packages/cost/scripts/measure-volume.ts (2026-11-30),
 * which says how; tests/integration/measured-volume.test.ts measures them again and fails when
 * a handler's logging, metrics, lines or ledger items change without this file. Regenerate:
 * `npx tsx packages/cost/scripts/measure-volume.ts --write`.
 */
import type { Measured } from './volume.js';

export const MEASURED: Measured = {
  events: {
    sampleSize: 20000,
    averageBytes: 225,
    typeShares: {
      user_action: 0.25435,
      transaction: 0.2452,
      metric: 0.2507,
      system_event: 0.24975,
    },
  },
  rawLineOverheadBytes: 234,
  processedLine: {
    dataShare: 0.327,
    overheadBytes: 816,
  },
  kinesisRecordOverheadBytes: 626,
  ledger: {
    ingestItemBaseBytes: 468,
    ingestItemBytesPerObject: 205,
    transformItemBytes: 748,
  },
  ingest: {
    logs: {
      DEBUG: {
        lines: 1,
        bytes: 685,
      },
      INFO: {
        lines: 1,
        bytes: 685,
      },
      WARN: {
        lines: 0,
        bytes: 0,
      },
      ERROR: {
        lines: 0,
        bytes: 0,
      },
    },
    emfBytesPerInvocation: 598,
    coldStartEmfBytes: 268,
    metrics: [
      'BatchDuration [service]',
      'ColdStart [service, function_name]',
      'LedgerWritesFailed [service]',
      'ObjectWritesFailed [service]',
      'ObjectsWritten [service]',
      'RecordsQuarantined [service]',
      'RecordsReceived [service]',
      'RecordsValid [service]',
    ],
  },
  transform: {
    logs: {
      DEBUG: {
        lines: 1,
        bytes: 1156,
      },
      INFO: {
        lines: 1,
        bytes: 1156,
      },
      WARN: {
        lines: 0,
        bytes: 0,
      },
      ERROR: {
        lines: 0,
        bytes: 0,
      },
    },
    emfBytesPerInvocation: 570,
    coldStartEmfBytes: 276,
    metrics: [
      'ColdStart [service, function_name]',
      'EndToEndLatency [service]',
      'HighValueTransactions [service]',
      'MetricAnomalies [service]',
      'ObjectsTransformed [service]',
      'RecordsQuarantined [service]',
      'RecordsTransformed [service]',
    ],
  },
};
