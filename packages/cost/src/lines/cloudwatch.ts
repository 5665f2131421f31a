/**
 * CloudWatch: the functions' log ingestion (their own lines at the stage's log level, the EMF
 * blobs, Lambda's START/END/REPORT lines), its storage for the retention, the custom metrics
 * (EMF names x dimension sets, and the stream's enhanced shard-level metrics), alarms, dashboards.
 */
import { ASSUMPTIONS } from '../assumptions.js';
import { type BillLine, item, line } from '../bill-line.js';
import type { Flow, FunctionFlow } from '../flow.js';
import { DAYS_PER_MONTH, GB, HOURS_PER_MONTH, PRICES } from '../prices.js';
import type { StageSettings } from '../stage-settings.js';
import type { FunctionVolume } from '../volume.js';

/** Log bytes a month of a function whose volume was measured. */
function measuredLogBytes(fn: FunctionFlow, volume: FunctionVolume, settings: StageSettings): number {
  const perInvocation =
    volume.logs[settings.logLevel].bytes +
    volume.emfBytesPerInvocation +
    ASSUMPTIONS.platformLogBytesPerInvocation;
  // Each environment cold-starts about once an hour (assumed), adding the ColdStart blob.
  const coldStarts = fn.concurrency * HOURS_PER_MONTH;
  return fn.invocations * perInvocation + coldStarts * volume.coldStartEmfBytes;
}

function compactLogBytes(flow: Flow, settings: StageSettings): number {
  const { compact } = ASSUMPTIONS;
  const lines =
    settings.logLevel === 'DEBUG' || settings.logLevel === 'INFO' ? compact.logBytesPerCompaction : 0;
  return (
    flow.compact.invocations * (compact.emfBytesPerRun + ASSUMPTIONS.platformLogBytesPerInvocation) +
    flow.compact.compactions * lines
  );
}

export function cloudwatchLine(flow: Flow, settings: StageSettings): BillLine {
  const { cloudwatch } = PRICES;
  const logs = {
    ingest: measuredLogBytes(flow.ingest, flow.measured.ingest, settings),
    transform: measuredLogBytes(flow.transform, flow.measured.transform, settings),
    compact: compactLogBytes(flow, settings),
  };
  const ingested = logs.ingest + logs.transform + logs.compact;
  const emfMetrics =
    flow.measured.ingest.metrics.length +
    flow.measured.transform.metrics.length +
    ASSUMPTIONS.compact.metrics;
  const shardMetrics = settings.stream.shards * settings.stream.shardLevelMetricsPerShard;
  const level = settings.logLevel;
  const items = [
    item(`ingest logs (${level})`, logs.ingest / GB, 'GB ingested', cloudwatch.logsIngestionUsdPerGb),
    item(`transform logs (${level})`, logs.transform / GB, 'GB ingested', cloudwatch.logsIngestionUsdPerGb),
    item(`compact logs (${level})`, logs.compact / GB, 'GB ingested', cloudwatch.logsIngestionUsdPerGb),
    item(
      `log storage (${settings.logRetentionDays} days, uncompressed upper bound)`,
      ((ingested / GB) * settings.logRetentionDays) / DAYS_PER_MONTH,
      'GB-month',
      cloudwatch.logsStorageUsdPerGbMonth,
    ),
    item('custom metrics (EMF)', emfMetrics, 'metric-month', cloudwatch.metricUsdPerMonth),
  ];
  if (shardMetrics > 0)
    items.push(
      item(
        `Kinesis shard-level metrics (${settings.stream.shardLevelMetricsPerShard} x ${settings.stream.shards} shards)`,
        shardMetrics,
        'metric-month',
        cloudwatch.metricUsdPerMonth,
      ),
    );
  items.push(
    item('alarms', settings.monitoring.alarmMetrics, 'alarm metric-month', cloudwatch.alarmMetricUsdPerMonth),
    item('dashboards', settings.monitoring.dashboards, 'dashboard-month', cloudwatch.dashboardUsdPerMonth),
  );
  return line('cloudwatch', 'CloudWatch', items);
}
