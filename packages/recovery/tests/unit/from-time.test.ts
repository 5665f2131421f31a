import { describe, expect, it } from '@jest/globals';
import { FromTimeError, parseFromTime } from '../../src/from-time.js';

const NOW = new Date('2024-01-15T12:00:00.000Z');

describe('parseFromTime', () => {
  it.each([
    ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T11:30:00.250+01:00', '2024-01-15T10:30:00.250Z'],
    ['2024-01-15T12:00:00Z', '2024-01-15T12:00:00.000Z'],
  ])('reads %s as the instant %s', (text, instant) => {
    expect(parseFromTime(text, NOW).toISOString()).toBe(instant);
  });

  it.each(['2024-01-15T10:30:00', '2024-01-15', 'yesterday', '2024-02-30T10:00:00Z', ''])(
    'refuses %p: an ISO date-time with a zone is needed',
    (text) => {
      expect(() => parseFromTime(text, NOW)).toThrow(FromTimeError);
      expect(() => parseFromTime(text, NOW)).toThrow(/ISO 8601 date-time with a zone/);
    },
  );

  it('refuses a time in the future, saying what time it is', () => {
    expect(() => parseFromTime('2024-01-15T12:00:01Z', NOW)).toThrow(
      '--from 2024-01-15T12:00:01Z is in the future (it is now 2024-01-15T12:00:00.000Z)',
    );
  });
});
