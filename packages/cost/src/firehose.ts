/**
 * The same workload on Amazon Data Firehose, reading the same stream and delivering to S3 with
 * dynamic partitioning (event type and hour, as raw/), with or without conversion to Parquet:
 * ingestion and conversion billed per record rounded up to 5 KB, partitioning per GB and per
 * object delivered, JQ hours not included (so a lower bound). No enrichment, no ledger, no
 * curated dataset: it replaces ingest (and, with Parquet, part of compaction).
 */
import { EVENT_TYPES } from '@event-pipeline/schema';
import { ASSUMPTIONS } from './assumptions.js';
import { type BillLine, item, line } from './bill-line.js';
import { daysOf, type Flow, type ObjectsOfType } from './flow.js';
import { storedAfter } from './lifecycle.js';
import { athenaLine, type QueriedData } from './lines/athena.js';
import { kinesisLine } from './lines/kinesis.js';
import { kmsLine } from './lines/kms.js';
import { GB, PRICES, SECONDS_PER_MONTH } from './prices.js';
import type { StageSettings } from './stage-settings.js';

export interface FirehoseBill {
  variant: 'dynamic partitioning' | 'dynamic partitioning + Parquet';
  lines: BillLine[];
  total: number;
  notes: string[];
}

/** The objects Firehose delivers a month: one per partition present in each buffer interval. */
function firehoseDeliveries(flow: Flow, bytesPerRecord: number): ObjectsOfType[] {
  const { minimumBufferSeconds } = PRICES.firehose;
  const flushes = SECONDS_PER_MONTH / minimumBufferSeconds;
  const perFlush = flow.workload.eventsPerSecond * minimumBufferSeconds;
  return EVENT_TYPES.map((type) => {
    const share = flow.measured.events.typeShares[type];
    const present = 1 - (1 - share) ** perFlush;
    return {
      type,
      objects: flushes * present,
      bytesPerObject: present > 0 ? (perFlush * share * bytesPerRecord) / present : 0,
    };
  });
}

export function firehoseBill(
  flow: Flow,
  settings: StageSettings,
  months: number,
  parquet: boolean,
): FirehoseBill {
  const { firehose, s3, cloudwatch } = PRICES;
  const { eventBytes } = flow.workload;
  const events = flow.eventsPerMonth;
  const roundedGb =
    (events *
      Math.ceil(eventBytes / firehose.ingestionRecordIncrementBytes) *
      firehose.ingestionRecordIncrementBytes) /
    GB;
  const bytesPerRecord = parquet ? ASSUMPTIONS.compact.parquetBytesPerRow : eventBytes;
  const delivered = firehoseDeliveries(flow, bytesPerRecord);
  const objects = delivered.reduce((sum, type) => sum + type.objects, 0);
  const stored = storedAfter(delivered, settings.lake, undefined, daysOf(months));

  const firehoseItems = [
    item('ingestion (records rounded up to 5 KB)', roundedGb, 'GB', firehose.ingestionUsdPerGb),
    item(
      'dynamic partitioning, data',
      (events * eventBytes) / GB,
      'GB',
      firehose.dynamicPartitioningUsdPerGb,
    ),
    item(
      'dynamic partitioning, objects',
      objects / 1000,
      'thousand objects',
      firehose.dynamicPartitioningUsdPerThousandObjects,
    ),
  ];
  if (parquet)
    firehoseItems.push(
      item(
        'format conversion to Parquet (5 KB rounding)',
        roundedGb,
        'GB',
        firehose.formatConversionUsdPerGb,
      ),
    );
  const overheadUsd =
    (s3.glacierOverheadBytes / GB) * s3.glacierUsdPerGbMonth +
    (s3.glacierStandardOverheadBytes / GB) * s3.standardUsdPerGbMonth;
  const queried: QueriedData = {
    format: parquet ? 'Firehose Parquet' : 'Firehose JSON',
    bytesPerRow: (query) => (parquet ? query.columns * ASSUMPTIONS.athena.parquetBytesPerValue : eventBytes),
    objects: delivered,
    getsPerObject: (query) => (parquet ? 1 + query.columns : 1),
  };
  const lines = [
    kinesisLine(settings, flow.workload, events),
    line(
      'firehose',
      `Firehose (${parquet ? 'dynamic partitioning + Parquet' : 'dynamic partitioning'})`,
      firehoseItems,
    ),
    line('s3_requests', 'S3 requests', [
      item('objects delivered (PUT)', objects / 1000, 'thousand requests', s3.usdPerThousandPuts),
    ]),
    line('s3_storage', `S3 storage after ${months} months (one copy)`, [
      item('Standard', stored.standardBytes / GB, 'GB-month', s3.standardUsdPerGbMonth),
      item('Glacier Flexible Retrieval', stored.glacierBytes / GB, 'GB-month', s3.glacierUsdPerGbMonth),
      item(
        'Glacier per-object overhead (32 KB + 8 KB)',
        stored.glacierObjects / 1e6,
        'million objects',
        overheadUsd * 1e6,
      ),
      item(
        'lifecycle transitions to Glacier',
        stored.transitionsPerMonth / 1000,
        'thousand requests',
        s3.glacierTransitionUsdPerThousand,
      ),
    ]),
    // The same alarms and dashboard; Firehose's own metrics are free and it writes no function logs.
    line('cloudwatch', 'CloudWatch', [
      item(
        'alarms',
        settings.monitoring.alarmMetrics,
        'alarm metric-month',
        cloudwatch.alarmMetricUsdPerMonth,
      ),
      item('dashboards', settings.monitoring.dashboards, 'dashboard-month', cloudwatch.dashboardUsdPerMonth),
    ]),
    athenaLine(flow, queried),
    kmsLine(settings),
  ];
  return {
    variant: parquet ? 'dynamic partitioning + Parquet' : 'dynamic partitioning',
    lines,
    total: lines.reduce((sum, entry) => sum + entry.usd, 0),
    notes: [
      `JQ processing hours ($${firehose.jqUsdPerHour}/h) not included: usage-dependent, so Firehose's figure is a lower bound`,
      `buffer ${firehose.minimumBufferSeconds} s (dynamic partitioning's minimum): records wait up to 1.5x that (Firehose docs)`,
      'no enrichment, no ledger, no quarantine of invalid records, no exactly-once curated dataset',
    ],
  };
}
