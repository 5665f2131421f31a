/** X-Ray: the traces the default sampling rule records for each traced function. */
import { type BillLine, item, line } from '../bill-line.js';
import type { Flow, FunctionFlow } from '../flow.js';
import { PRICES, SECONDS_PER_MONTH } from '../prices.js';

/** Traces a month: the first invocation each second, then 5 % of the others. */
function sampledTraces(invocations: number): number {
  const { defaultReservoirPerSecond: reservoir, defaultFixedRate: rate } = PRICES.xray;
  const perSecond = invocations / SECONDS_PER_MONTH;
  return (Math.min(perSecond, reservoir) + rate * Math.max(0, perSecond - reservoir)) * SECONDS_PER_MONTH;
}

export function xrayLine(flow: Flow): BillLine {
  const traced: Array<[string, FunctionFlow]> = [
    ['ingest', flow.ingest],
    ['transform', flow.transform],
    ['compact', flow.compact],
  ];
  return line(
    'xray',
    'X-Ray',
    traced
      .filter(([, fn]) => fn.traced)
      .map(([name, fn]) =>
        item(
          `${name} traces recorded`,
          sampledTraces(fn.invocations) / 1e6,
          'million traces',
          PRICES.xray.usdPerMillionTracesRecorded,
        ),
      ),
  );
}
