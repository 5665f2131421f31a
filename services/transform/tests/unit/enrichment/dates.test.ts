import { utcDate } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { enrich, eventDate } from '../../../src/enrichment/enrich.js';
import { DEFAULT_THRESHOLDS } from '../../../src/enrichment/thresholds.js';
import { rawLineOf } from '../../helpers/factories.js';
import { rfc3339Timestamp } from '../../helpers/timestamps.js';

const DATE_FIELDS = {
  transaction: 'transaction_date',
  user_action: 'action_date',
  metric: 'metric_date',
  system_event: 'event_date',
} as const;

describe('enrichment dates come from the event timestamp, in UTC', () => {
  const types = Object.keys(DATE_FIELDS) as Array<keyof typeof DATE_FIELDS>;

  it.each([
    ['2024-01-15T23:30:00-05:00', '2024-01-16'],
    ['2024-01-16T00:30:00+01:00', '2024-01-15'],
    ['2024-01-15T23:59:59.999Z', '2024-01-15'],
    ['2024-02-29T22:00:00-03:00', '2024-03-01'],
    ['2023-12-31T20:00:00-04:30', '2024-01-01'],
  ])('%s gives %s', (timestamp, date) => {
    for (const type of types) {
      const enriched = enrich(rawLineOf(type, {}, { timestamp }), DEFAULT_THRESHOLDS) as Record<
        string,
        unknown
      >;
      expect(enriched[DATE_FIELDS[type]]).toBe(date);
    }
  });
});

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
