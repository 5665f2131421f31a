import { utcDate } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { eventDate } from '../../../src/transform/event-date.js';
import { rfc3339Timestamp } from '../../helpers/timestamps.js';

describe('eventDate', () => {
  it('is the UTC date of the timestamp, however it is written', () => {
    fc.assert(
      fc.property(rfc3339Timestamp, (timestamp) => {
        expect(eventDate(timestamp)).toBe(utcDate(timestamp));
      }),
    );
  });

  it('converts a timestamp with an offset to the UTC date', () => {
    expect(eventDate('2024-01-15T23:30:00Z')).toBe('2024-01-15');
    expect(eventDate('2024-01-15T23:30:00-02:00')).toBe('2024-01-16');
    expect(eventDate('2024-01-16T00:30:00+02:00')).toBe('2024-01-15');
  });
});
