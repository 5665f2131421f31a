/** The three functions: requests and GB-seconds (CPU and the waits on S3 and DynamoDB). */
import { type BillItem, type BillLine, item, line } from '../bill-line.js';
import type { Flow, FunctionFlow } from '../flow.js';
import { PRICES } from '../prices.js';

export function gbSeconds(fn: FunctionFlow): number {
  return fn.invocations * (fn.billedMs / 1000) * (fn.memoryMb / 1024);
}

function functionItems(name: string, fn: FunctionFlow): BillItem[] {
  const { lambda } = PRICES;
  return [
    item(`${name} requests`, fn.invocations / 1e6, 'million requests', lambda.usdPerMillionRequests),
    item(
      `${name} compute (${fn.billedMs} ms at ${fn.memoryMb} MB)`,
      gbSeconds(fn),
      'GB-second',
      lambda.usdPerGbSecond,
    ),
  ];
}

export function lambdaLine(flow: Flow): BillLine {
  return line('lambda', 'Lambda (arm64)', [
    ...functionItems('ingest', flow.ingest),
    ...functionItems('transform', flow.transform),
    ...functionItems('compact', flow.compact),
  ]);
}
