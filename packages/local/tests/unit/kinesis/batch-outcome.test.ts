import { describe, expect, it } from '@jest/globals';
import { batchOutcome } from '../../../src/kinesis/batch-outcome.js';
import type { ShardRecord } from '../../../src/kinesis/lambda-event.js';

const records: ShardRecord[] = ['100', '200', '300'].map((sequenceNumber) => ({
  shardId: 'shardId-000000000000',
  sequenceNumber,
  partitionKey: 'k',
  data: new Uint8Array(),
  approximateArrivalTimestamp: new Date(0),
}));
const answer = (response: unknown) => batchOutcome(records, { ok: true, response }, true);

describe('batchOutcome (ReportBatchItemFailures)', () => {
  it.each([undefined, null, {}, { batchItemFailures: null }, { batchItemFailures: [] }])(
    'treats %p as a complete success',
    (response) => expect(answer(response)).toEqual({ kind: 'success' }),
  );

  it('resumes from the lowest reported sequence number, whatever the order', () => {
    expect(answer({ batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] })).toEqual({
      kind: 'partial',
      failedIndex: 1,
    });
  });

  it.each([
    [{ batchItemFailures: [{ itemIdentifier: '' }] }, 'empty'],
    [{ batchItemFailures: [{ itemIdentifier: null }] }, 'empty'],
    [{ batchItemFailures: [{ id: '200' }] }, 'empty'],
    [{ batchItemFailures: [{ itemIdentifier: '999' }] }, 'not in the batch'],
    [{ batchItemFailures: 'all' }, 'not a list'],
  ])('treats %p as a failure of the whole batch', (response, reason) => {
    expect(answer(response)).toEqual({ kind: 'invalid-response', reason: expect.stringContaining(reason) });
  });

  it('is a function error when the invocation failed, and ignores the response without ReportBatchItemFailures', () => {
    const error = new Error('boom');
    expect(batchOutcome(records, { ok: false, error }, true)).toEqual({ kind: 'function-error', error });
    expect(
      batchOutcome(
        records,
        { ok: true, response: { batchItemFailures: [{ itemIdentifier: '200' }] } },
        false,
      ),
    ).toEqual({
      kind: 'success',
    });
  });
});
