/** A bill as `npm run cost` prints it: a table for people, or JSON for tools. */
import type { Bill } from './bill.js';
import { type BillLine, LINE_KEYS, type LineKey, lineTotals } from './bill-line.js';
import type { FirehoseBill } from './firehose.js';
import { GB } from './prices.js';
import type { StageSettings } from './stage-settings.js';

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const grouped = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (value: number) => grouped(value, 2);
const unitPrice = (value: number) => (value >= 1 ? grouped(value, 2) : value.toPrecision(3));

function lineJson(entry: BillLine) {
  return {
    title: entry.title,
    usd: round(entry.usd),
    items: entry.items.map((billItem) => ({
      name: billItem.name,
      quantity: round(billItem.quantity, 4),
      unit: billItem.unit,
      unit_usd: billItem.unitUsd,
      usd: round(billItem.usd, 4),
    })),
  };
}

function firehoseJson(bill: FirehoseBill) {
  const totals = lineTotals(bill.lines);
  return {
    variant: bill.variant,
    ...Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, round(value)])),
    lines: Object.fromEntries(bill.lines.map((entry) => [entry.key, lineJson(entry)])),
    notes: bill.notes,
  };
}

function settingsJson(bill: Bill, settings: StageSettings) {
  const { ingest } = bill.flow;
  return {
    shards: settings.stream.shards,
    stream_retention_hours: settings.stream.retentionHours,
    batch_size: settings.ingest.batchSize,
    batch_window_s: settings.ingest.batchWindowSeconds,
    records_per_invocation: round(ingest.recordsPerInvocation, 1),
    batch_limited_by: ingest.limitedBy,
    batch_fill_s: round(ingest.fillSeconds, 2),
    memory_mb: {
      ingest: settings.ingest.memoryMb,
      transform: settings.transform.memoryMb,
      compact: settings.compact.memoryMb,
    },
    traced: {
      ingest: settings.ingest.traced,
      transform: settings.transform.traced,
      compact: settings.compact.traced,
    },
    log_level: settings.logLevel,
    log_retention_days: settings.logRetentionDays,
    compaction_every_minutes: settings.compact.everyMinutes,
    lifecycle: {
      glacier_transition_days: settings.lake.glacierTransitionDays,
      glacier_minimum_object_bytes: settings.lake.glacierMinimumObjectBytes,
      noncurrent_version_expiration_days: settings.lake.noncurrentVersionExpirationDays,
      processed_expiration_days: settings.lake.processedExpirationDays,
    },
  };
}

export function billJson(bill: Bill, settings: StageSettings) {
  const { workload, flow } = bill;
  return {
    stage: bill.stage,
    workload: {
      events_per_second: workload.eventsPerSecond,
      event_bytes: workload.eventBytes,
      events_per_month: flow.eventsPerMonth,
      gb_per_month: round((flow.eventsPerMonth * workload.eventBytes) / GB, 1),
    },
    settings: settingsJson(bill, settings),
    storage_months: bill.months,
    lines: Object.fromEntries(bill.lines.map((entry) => [entry.key, lineJson(entry)])),
    total_usd: round(bill.total),
    storage_growth_usd_per_month: round(bill.storageGrowthUsdPerMonth),
    estimated_latency_s: round(bill.estimatedLatencySeconds, 1),
    athena_on_processed_json_usd: round(bill.athenaOnProcessedJson.usd),
    firehose: {
      dynamic_partitioning: firehoseJson(bill.firehose.json),
      parquet: firehoseJson(bill.firehose.parquet),
    },
    reference_estimate: bill.reference ?? null,
    limits: bill.limits,
    warnings: bill.warnings,
    assumptions: bill.assumptions,
  };
}

function table(rows: readonly string[][], rightAligned: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd(),
  );
}

function header(bill: Bill, settings: StageSettings): string[] {
  const { workload, flow } = bill;
  const { ingest } = flow;
  const traced = (['ingest', 'transform', 'compact'] as const).filter((name) => settings[name].traced);
  const lake = settings.lake;
  return [
    `Monthly bill of stage ${bill.stage}: ${grouped(workload.eventsPerSecond)} events/s of ${grouped(workload.eventBytes)} B ` +
      `(${grouped(flow.eventsPerMonth / 1e6, 1)} million events, ${grouped((flow.eventsPerMonth * workload.eventBytes) / GB, 1)} GB a month); ` +
      `storage after ${bill.months} months`,
    `  stream    ${settings.stream.shards} shards, ${settings.stream.retentionHours} h retention`,
    `  ingest    batch ${grouped(settings.ingest.batchSize)}, window ${settings.ingest.batchWindowSeconds} s: ` +
      `${grouped(ingest.recordsPerInvocation, 1)} records an invocation (limited by the ${ingest.limitedBy}), ` +
      `a batch every ${grouped(ingest.fillSeconds, 1)} s per shard, ${grouped(ingest.objectsPerInvocation, 2)} objects each`,
    `  memory    ingest ${settings.ingest.memoryMb} MB, transform ${settings.transform.memoryMb} MB, compact ${settings.compact.memoryMb} MB; ` +
      `log level ${settings.logLevel} (kept ${settings.logRetentionDays} days); traced: ${traced.join(', ') || 'none'}; ` +
      `compaction every ${settings.compact.everyMinutes} min`,
    `  lifecycle Glacier after ${lake.glacierTransitionDays} days above ${grouped(lake.glacierMinimumObjectBytes)} B; ` +
      `noncurrent versions ${lake.noncurrentVersionExpirationDays} days; processed/ ` +
      (lake.processedExpirationDays > 0 ? `expires after ${lake.processedExpirationDays} days` : 'kept'),
    `  latency   about ${grouped(bill.estimatedLatencySeconds, 1)} s at most from arrival to the processed object (estimate)`,
  ];
}

function itemsTable(bill: Bill): string[] {
  const rows: string[][] = [['line / item', 'quantity', 'unit', '$/unit', '$/month']];
  for (const entry of bill.lines) {
    rows.push([entry.title, '', '', '', usd(entry.usd)]);
    for (const billItem of entry.items)
      rows.push([
        `  ${billItem.name}`,
        grouped(billItem.quantity, billItem.quantity < 10 ? 3 : 1),
        billItem.unit,
        unitPrice(billItem.unitUsd),
        usd(billItem.usd),
      ]);
  }
  rows.push(['total', '', '', '', usd(bill.total)]);
  return table(rows, [false, true, false, true, true]);
}

function comparisonTable(bill: Bill): string[] {
  const ours = lineTotals(bill.lines);
  const json = lineTotals(bill.firehose.json.lines);
  const parquet = lineTotals(bill.firehose.parquet.lines);
  const cell = (value: number | undefined) => (value === undefined ? '-' : usd(value));
  const reference = bill.reference;
  const referenceOf = (key: LineKey): number | undefined => {
    if (reference === undefined) return undefined;
    if (key === 's3_storage') return reference.s3;
    return key in reference ? (reference[key as keyof typeof reference] as number) : undefined;
  };
  const rows: string[][] = [['line', 'this stage', 'Firehose', 'Firehose+Parquet', 'reference', 'limit']];
  for (const key of LINE_KEYS) {
    if (ours[key] === undefined && json[key] === undefined) continue;
    rows.push([
      key,
      cell(ours[key]),
      cell(json[key]),
      cell(parquet[key]),
      cell(referenceOf(key)),
      cell(bill.limits[key]),
    ]);
  }
  rows.push(['total', usd(ours.total), usd(json.total), usd(parquet.total), cell(reference?.total), '-']);
  return table(rows, [false, true, true, true, true, true]);
}

export function renderBill(bill: Bill, settings: StageSettings): string {
  const out = [...header(bill, settings), '', ...itemsTable(bill), ''];
  out.push(
    `The Glacier part grows by $${usd(bill.storageGrowthUsdPerMonth)} each further month (raw data is never deleted).`,
    `The saved queries on processed JSON instead of curated Parquet: $${usd(bill.athenaOnProcessedJson.usd)} a month.`,
    '',
    'Beside it: the same workload on Firehose, and the reference architecture\u2019s estimate' +
      (bill.reference
        ? ` (${bill.reference.workload}; its S3 line counts storage and requests)`
        : ' (none for this stage)'),
    ...comparisonTable(bill),
    ...bill.firehose.json.notes.map((note) => `  Firehose: ${note}`),
  );
  if (bill.warnings.length > 0) out.push('', ...bill.warnings.map((warning) => `WARNING: ${warning}`));
  out.push('', 'Assumptions:', ...bill.assumptions.map((assumption) => `  - ${assumption}`));
  return out.join('\n');
}
