/** The stream: shard-hours, PUT payload units, and retention beyond the included 24 hours. */
import { type BillLine, item, line } from '../bill-line.js';
import type { Workload } from '../flow.js';
import { HOURS_PER_MONTH, PRICES } from '../prices.js';
import type { StageSettings } from '../stage-settings.js';

const SEVEN_DAYS_HOURS = 7 * 24;

export function kinesisLine(settings: StageSettings, workload: Workload, eventsPerMonth: number): BillLine {
  const { kinesis } = PRICES;
  const { shards, retentionHours } = settings.stream;
  if (retentionHours > SEVEN_DAYS_HOURS)
    throw new Error(
      `streamRetentionHours ${retentionHours}: long-term retention (beyond 7 days) is not modelled`,
    );
  const shardHours = shards * HOURS_PER_MONTH;
  const unitsPerEvent = Math.ceil(workload.eventBytes / kinesis.putUnitBytes);
  const items = [
    item(`shard-hours (${shards} shards)`, shardHours, 'shard-hour', kinesis.usdPerShardHour),
    item(
      `PUT payload units (${unitsPerEvent} per event of ${workload.eventBytes} B)`,
      (eventsPerMonth * unitsPerEvent) / 1e6,
      'million units',
      kinesis.usdPerMillionPutUnits,
    ),
  ];
  if (retentionHours > kinesis.includedRetentionHours)
    items.push(
      item(
        `extended retention (${retentionHours} h)`,
        shardHours,
        'shard-hour',
        kinesis.extendedRetentionUsdPerShardHour,
      ),
    );
  return line('kinesis', 'Kinesis Data Streams', items);
}
