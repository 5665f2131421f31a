/** The shape of a bill: lines (one per AWS service or S3 part), each the sum of its priced items. */

export const LINE_KEYS = [
  'kinesis',
  'lambda',
  's3_requests',
  's3_storage',
  'dynamodb',
  'cloudwatch',
  'xray',
  'sqs',
  'athena',
  'kms',
  'firehose',
] as const;
export type LineKey = (typeof LINE_KEYS)[number];

export interface BillItem {
  name: string;
  quantity: number;
  unit: string;
  /** Dollars per `unit`. */
  unitUsd: number;
  usd: number;
}

export interface BillLine {
  key: LineKey;
  title: string;
  items: BillItem[];
  usd: number;
}

export function item(name: string, quantity: number, unit: string, unitUsd: number): BillItem {
  return { name, quantity, unit, unitUsd, usd: quantity * unitUsd };
}

export function line(key: LineKey, title: string, items: BillItem[]): BillLine {
  return { key, title, items, usd: items.reduce((sum, entry) => sum + entry.usd, 0) };
}

/** Each line's dollars by key, and their total: the figures the benchmark records. */
export function lineTotals(lines: readonly BillLine[]): Partial<Record<LineKey, number>> & { total: number } {
  const totals: Partial<Record<LineKey, number>> & { total: number } = { total: 0 };
  for (const entry of lines) {
    totals[entry.key] = entry.usd;
    totals.total += entry.usd;
  }
  return totals;
}
