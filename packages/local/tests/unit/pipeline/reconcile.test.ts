import { recordId } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import type { Landing } from '../../../src/pipeline/lake-tracker.js';
import { reconcile } from '../../../src/pipeline/reconcile.js';
import type { ProducedRecord } from '../../../src/producer/producer.js';

const position = (sequenceNumber: string) => ({ shardId: 'shardId-000000000001', sequenceNumber });
const valid = (eventId: string, sequenceNumber: string): ProducedRecord => ({
  recordId: recordId({ eventId, ...position(sequenceNumber) }),
  ...position(sequenceNumber),
  valid: true,
  sentAt: 0,
});
const invalid = (sequenceNumber: string, code: string): ProducedRecord => ({
  recordId: recordId(position(sequenceNumber)),
  ...position(sequenceNumber),
  valid: false,
  expectedCode: code,
  sentAt: 0,
});
const landed = (kind: Landing['kind'], code?: string): Landing => ({
  kind,
  object: 's3://b/k',
  landedAt: 0,
  ...(code ? { code } : {}),
});

describe('reconcile', () => {
  it('accounts for each record by id: processed, quarantined with its reason, dead-lettered or missing', () => {
    const produced = [valid('a', '1'), invalid('2', 'not_json'), valid('c', '3'), valid('d', '4')];
    const landings = new Map([
      [produced[0]!.recordId, landed('processed')],
      [produced[1]!.recordId, landed('quarantined', 'not_json')],
    ]);
    const result = reconcile(produced, landings, new Set(['shardId-000000000001:3']));
    expect(result).toMatchObject({
      produced: 4,
      processed: 1,
      quarantined: 1,
      deadLettered: 1,
      complete: false,
    });
    expect(result.missing).toEqual([produced[3]]);
  });

  it('flags a valid record in quarantine and an invalid one quarantined for another reason', () => {
    const produced = [valid('a', '1'), invalid('2', 'not_json')];
    const landings = new Map([
      [produced[0]!.recordId, landed('quarantined', 'bad_value')],
      [produced[1]!.recordId, landed('quarantined', 'not_utf8')],
    ]);
    const result = reconcile(produced, landings, new Set());
    expect(result.misplaced.map((entry) => entry.record)).toEqual(produced);
    expect(result.complete).toBe(false);
    expect(
      reconcile([produced[0]!], new Map([[produced[0]!.recordId, landed('processed')]]), new Set()).complete,
    ).toBe(true);
  });
});
