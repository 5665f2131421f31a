import { describe, expect, it } from '@jest/globals';
import { hourPath, partitionPath, utcDate, utcHour } from '../../src/index.js';

describe('partitionPath', () => {
  it.each([
    ['2024-01-15T10:30:00Z', 'event_type=metric/year=2024/month=01/day=15/hour=10'],
    ['2024-01-15T23:30:00-05:00', 'event_type=metric/year=2024/month=01/day=16/hour=04'],
    ['2024-01-15T00:30:00+05:30', 'event_type=metric/year=2024/month=01/day=14/hour=19'],
    ['2023-12-31T23:59:59.999Z', 'event_type=metric/year=2023/month=12/day=31/hour=23'],
    ['2024-01-01T00:30:00+01:00', 'event_type=metric/year=2023/month=12/day=31/hour=23'],
    ['2023-12-31T20:00:00-04:00', 'event_type=metric/year=2024/month=01/day=01/hour=00'],
    ['2024-02-28T22:00:00-03:00', 'event_type=metric/year=2024/month=02/day=29/hour=01'],
    ['2024-02-29T23:00:00-02:00', 'event_type=metric/year=2024/month=03/day=01/hour=01'],
    ['2023-02-28T22:00:00-03:00', 'event_type=metric/year=2023/month=03/day=01/hour=01'],
    ['2024-01-15T10:30:00.123456789Z', 'event_type=metric/year=2024/month=01/day=15/hour=10'],
  ])('puts %s in %s', (timestamp, expected) => {
    expect(partitionPath({ event_type: 'metric', timestamp })).toBe(expected);
  });

  it('uses the event type verbatim', () => {
    expect(partitionPath({ event_type: 'system_event', timestamp: '2024-01-15T10:30:00Z' })).toMatch(
      /^event_type=system_event\//,
    );
  });

  it('never reads the clock', () => {
    const a = partitionPath({ event_type: 'metric', timestamp: '1999-06-01T12:00:00Z' });
    expect(a).toBe('event_type=metric/year=1999/month=06/day=01/hour=12');
  });
});

describe('utc helpers', () => {
  it('utcDate gives the UTC calendar date', () => {
    expect(utcDate('2024-01-15T23:30:00-05:00')).toBe('2024-01-16');
    expect(utcDate('2024-01-16T01:00:00+02:00')).toBe('2024-01-15');
  });

  it('hourPath pads every component', () => {
    expect(hourPath(Date.UTC(2024, 0, 5, 3))).toBe('year=2024/month=01/day=05/hour=03');
    expect(utcHour(new Date('0999-03-04T05:00:00Z'))).toEqual({
      year: '0999',
      month: '03',
      day: '04',
      hour: '05',
    });
  });

  it('refuses an unparseable timestamp loudly', () => {
    expect(() => hourPath('not a time')).toThrow('not a valid timestamp: not a time');
  });
});
