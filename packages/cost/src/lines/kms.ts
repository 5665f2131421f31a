/** KMS: the customer-managed keys of the templates and the stream's data-key requests. */
import { ASSUMPTIONS } from '../assumptions.js';
import { type BillLine, item, line } from '../bill-line.js';
import { HOURS_PER_MONTH, PRICES } from '../prices.js';
import type { StageSettings } from '../stage-settings.js';

export function kmsLine(settings: StageSettings): BillLine {
  const { kms } = PRICES;
  const requests = settings.stream.shards * ASSUMPTIONS.kms.kinesisRequestsPerShardHour * HOURS_PER_MONTH;
  return line('kms', 'KMS', [
    item(
      'customer-managed keys',
      settings.monitoring.customerManagedKeys,
      'key-month',
      kms.customerKeyUsdPerMonth,
    ),
    item('stream encryption requests', requests / 1e4, '10,000 requests', kms.usdPerTenThousandRequests),
  ]);
}
