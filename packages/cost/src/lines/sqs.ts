/** The dead-letter queues: a message per failed batch or object, and nothing reads them until a redrive. */
import { ASSUMPTIONS } from '../assumptions.js';
import { type BillLine, item, line } from '../bill-line.js';
import type { Flow } from '../flow.js';
import { PRICES } from '../prices.js';

export function sqsLine(flow: Flow): BillLine {
  const failed = (flow.ingest.invocations + flow.transform.invocations) * ASSUMPTIONS.retryFraction;
  return line('sqs', 'SQS (dead-letter queues)', [
    item(
      'messages to the DLQs (none without failures)',
      failed / 1e6,
      'million requests',
      PRICES.sqs.usdPerMillionRequests,
    ),
  ]);
}
