import { describe, expect, it } from '@jest/globals';
import { batchResponse, retryFrom, splitOutcome } from '../../src/batch-outcome.js';
import type { PlannedObject } from '../../src/batch-plan.js';

const object = (key: string, firstSequenceNumber: string): PlannedObject => ({
  kind: 'raw',
  key,
  body: Buffer.from('{}\n'),
  records: 1,
  firstSequenceNumber,
});

describe('retryFrom', () => {
  it('is the lowest first sequence number among the failed objects, compared as numbers', () => {
    const objects = [object('a', '900'), object('b', '10000'), object('c', '1000'), object('d', '95')];
    const failure = { status: 'rejected', reason: new Error('x') } as const;
    const success = { status: 'fulfilled', value: undefined } as const;
    const outcome = splitOutcome(objects, [failure, failure, failure, success]);

    expect(outcome.written.map((o) => o.key)).toEqual(['d']);
    expect(retryFrom(outcome.failed)).toBe('900');
  });

  it('is undefined when everything was written', () => {
    expect(retryFrom([])).toBeUndefined();
  });
});

describe('batchResponse', () => {
  it('names at most the one record to resume from', () => {
    expect(batchResponse(undefined)).toEqual({ batchItemFailures: [] });
    expect(batchResponse('42')).toEqual({ batchItemFailures: [{ itemIdentifier: '42' }] });
  });
});
