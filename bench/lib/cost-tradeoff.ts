/**
 * The trade-off of the prod profile's batching: for each batching window, the batch a shard
 * gathers in it at the prod workload (at most what the 6 MB payload holds), the monthly bill the
 * model prices for it, and (measured separately) the end-to-end p99 on the local pipeline.
 */
import {
  type Bill,
  type LineKey,
  MEASURED,
  monthlyBill,
  PRICES,
  type StageSettings,
} from '@event-pipeline/cost';
import type { ProfileLatency } from './cost-latency.js';

/** The event source mapping's limits. */
const MAX_BATCH_SIZE = 10_000;

export interface TradeoffRow {
  label: string;
  batchSize: number;
  batchWindowSeconds: number;
  /** How long a shard takes to gather a batch at the prod rate. */
  fillSeconds: number;
  bill: Bill;
}

/** The most records of `eventBytes` one invocation's 6 MB payload holds. */
export function payloadBatch(eventBytes: number): number {
  const perRecord = MEASURED.kinesisRecordOverheadBytes + Math.ceil(eventBytes / 3) * 4;
  return Math.floor(PRICES.lambda.maxPayloadBytes / perRecord);
}

const usd = (bill: Bill, keys: readonly LineKey[]) =>
  bill.lines.filter((entry) => keys.includes(entry.key)).reduce((sum, entry) => sum + entry.usd, 0);

/**
 * One row per window: the batch size set to what a shard gathers in it (rounded down to the
 * hundred), capped by the payload; then the reference's batch of 100 and 5 s, and the prod profile.
 */
export function tradeoffRows(prod: StageSettings, windows: readonly number[]): TradeoffRow[] {
  const { workload } = prod;
  const perShard = workload.eventsPerSecond / prod.stream.shards;
  const cap = Math.min(MAX_BATCH_SIZE, payloadBatch(workload.eventBytes));
  const row = (label: string, batchSize: number, batchWindowSeconds: number): TradeoffRow => {
    const settings = { ...prod, ingest: { ...prod.ingest, batchSize, batchWindowSeconds } };
    return {
      label,
      batchSize,
      batchWindowSeconds,
      fillSeconds: Math.min(batchWindowSeconds, batchSize / perShard),
      bill: monthlyBill(settings, workload),
    };
  };
  return [
    row('reference (batch 100, 5 s)', 100, 5),
    ...windows.map((window) =>
      row(
        `window ${window} s`,
        Math.max(1, Math.min(cap, Math.floor((perShard * window) / 100) * 100)),
        window,
      ),
    ),
    row('prod profile', prod.ingest.batchSize, prod.ingest.batchWindowSeconds),
  ];
}

/** The README's table: window, batch, p99 measured locally, the monthly bill and its processing part. */
export function tradeoffTable(
  rows: readonly TradeoffRow[],
  latencies: ReadonlyMap<TradeoffRow, ProfileLatency>,
): string {
  const money = (value: number) => `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  const lines = [
    '| batching | batch (records) | window (s) | p99 latency (s, local) | monthly bill | processing¹ | S3 requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const latency = latencies.get(row);
    lines.push(
      `| ${row.label} | ${row.batchSize.toLocaleString('en-US')} | ${row.batchWindowSeconds} | ${
        latency ? latency.p99_s.toFixed(1) : 'not measured'
      } | ${money(row.bill.total)} | ${money(usd(row.bill, ['lambda', 's3_requests', 'dynamodb', 'cloudwatch']))} | ${money(
        usd(row.bill, ['s3_requests']),
      )} |`,
    );
  }
  lines.push('', '¹ Lambda, S3 requests, DynamoDB and CloudWatch: the lines the batching decides.');
  return lines.join('\n');
}
