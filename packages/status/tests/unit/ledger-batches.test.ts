import { describe, expect, it } from '@jest/globals';
import { type LedgerBatch, newestBatch, quarantinedSince, unrecordedFrom } from '../../src/ledger-batches.js';

const batch = (fields: Partial<LedgerBatch> & Pick<LedgerBatch, 'lastSequenceNumber' | 'processedAt'>) => ({
  batchId: `b-${fields.lastSequenceNumber}`,
  totalRecords: 10,
  failedRecords: 0,
  ...fields,
});

// Real sequence numbers are longer than a JavaScript number holds exactly.
const SEQ_A = '49590338271490256608559692538361571095921575989136588898';
const SEQ_B = '49590338271490256608559692538361571095921575989136588899';

describe('unrecordedFrom', () => {
  it('starts at the trim horizon of a shard with no batch', () => {
    expect(unrecordedFrom([])).toBe('trim-horizon');
  });

  it('goes after the furthest batch by sequence number, not the newest by time (a redriven batch)', () => {
    const live = batch({ lastSequenceNumber: SEQ_B, processedAt: '2026-01-15T10:00:00.000Z' });
    const redriven = batch({ lastSequenceNumber: '120', processedAt: '2026-01-15T10:05:00.000Z' });
    expect(unrecordedFrom([redriven, live])).toEqual({ afterSequenceNumber: SEQ_B });
  });

  it('starts at the record a partly written batch resumes from, until a later batch covers it', () => {
    const partial = batch({
      lastSequenceNumber: SEQ_B,
      retryFromSequenceNumber: SEQ_A,
      processedAt: '2026-01-15T10:00:00.000Z',
    });
    expect(unrecordedFrom([partial])).toEqual({ atSequenceNumber: SEQ_A });
    const retried = batch({ lastSequenceNumber: SEQ_B, processedAt: '2026-01-15T10:00:01.000Z' });
    expect(unrecordedFrom([retried, partial])).toEqual({ afterSequenceNumber: SEQ_B });
  });
});

describe('newestBatch', () => {
  it('is the one processed last, or none', () => {
    const older = batch({ lastSequenceNumber: '9', processedAt: '2026-01-15T10:00:00.000Z' });
    const newer = batch({ lastSequenceNumber: '5', processedAt: '2026-01-15T10:00:00.001Z' });
    expect(newestBatch([older, newer])).toBe(newer);
    expect(newestBatch([])).toBeUndefined();
  });
});

describe('quarantinedSince', () => {
  it('sums the quarantined records of the batches processed since then, and counts those batches', () => {
    const since = new Date('2026-01-15T09:30:00.000Z');
    const batches = [
      batch({ lastSequenceNumber: '1', processedAt: '2026-01-15T09:29:59.999Z', failedRecords: 7 }),
      batch({ lastSequenceNumber: '2', processedAt: '2026-01-15T09:30:00.000Z', failedRecords: 2 }),
      batch({ lastSequenceNumber: '3', processedAt: '2026-01-15T10:00:00.000Z', failedRecords: 0 }),
      batch({ lastSequenceNumber: '4', processedAt: '2026-01-15T10:29:00.000Z', failedRecords: 3 }),
    ];
    expect(quarantinedSince(batches, since)).toEqual({ records: 5, batches: 2 });
  });
});
