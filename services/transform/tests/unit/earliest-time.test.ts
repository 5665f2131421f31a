import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EarliestTime } from '../../src/earliest-time.js';
import { rfc3339Timestamp as timestamp } from '../helpers/timestamps.js';

const earliestOf = (timestamps: readonly string[]) => {
  const earliest = new EarliestTime();
  for (const timestamp of timestamps) earliest.add(timestamp);
  return earliest.epochMs;
};

describe('EarliestTime', () => {
  it('is the earliest instant, whatever the order and the forms of the timestamps', () => {
    fc.assert(
      fc.property(fc.array(timestamp, { maxLength: 30 }), (timestamps) => {
        const expected = timestamps.length === 0 ? undefined : Math.min(...timestamps.map(Date.parse));
        expect(earliestOf(timestamps)).toBe(expected);
      }),
    );
  });

  it('compares instants, not text, across forms', () => {
    expect(earliestOf(['2024-01-15T10:00:00.000Z', '2024-01-15T11:30:00+02:00'])).toBe(
      Date.parse('2024-01-15T09:30:00Z'),
    );
    expect(earliestOf(['2024-01-15T10:00:01Z', '2024-01-15T10:00:00.500Z'])).toBe(
      Date.parse('2024-01-15T10:00:00.500Z'),
    );
  });
});
