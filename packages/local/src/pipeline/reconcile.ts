/**
 * The end-of-run check: every record the producer got acknowledged is accounted for by its
 * record id, valid ones in the processed output, invalid ones in quarantine with the reason
 * they were made with. What went to a DLQ is named as such; anything else is missing.
 */
import type { ProducedRecord } from '../producer/producer.js';
import type { Landing } from './lake-tracker.js';

export interface Reconciliation {
  produced: number;
  processed: number;
  quarantined: number;
  /** Records whose batch or object went to a DLQ and did not land. */
  deadLettered: number;
  missing: ProducedRecord[];
  /** Valid records quarantined, invalid ones processed, or quarantined with another reason. */
  misplaced: Array<{ record: ProducedRecord; landing: Landing }>;
  /** Every produced record landed where it should, none missing or dead-lettered. */
  complete: boolean;
}

export const positionKey = (record: { shardId: string; sequenceNumber: string }) =>
  `${record.shardId}:${record.sequenceNumber}`;

export function reconcile(
  produced: readonly ProducedRecord[],
  landings: ReadonlyMap<string, Landing>,
  deadLettered: ReadonlySet<string>,
): Reconciliation {
  const result: Reconciliation = {
    produced: produced.length,
    processed: 0,
    quarantined: 0,
    deadLettered: 0,
    missing: [],
    misplaced: [],
    complete: false,
  };
  for (const record of produced) {
    const landing = landings.get(record.recordId);
    if (landing === undefined) {
      if (deadLettered.has(positionKey(record))) result.deadLettered++;
      else result.missing.push(record);
      continue;
    }
    if (landing.kind === 'processed') result.processed++;
    else result.quarantined++;
    const expected = record.valid ? 'processed' : 'quarantined';
    const wrongCode = !record.valid && landing.code !== record.expectedCode;
    if (landing.kind !== expected || wrongCode) result.misplaced.push({ record, landing });
  }
  result.complete = result.missing.length === 0 && result.deadLettered === 0 && result.misplaced.length === 0;
  return result;
}
