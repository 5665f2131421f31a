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

  it.each(['2024-01-15T10:30:00', '2024-01-15', 'yesterday', ''])(
    'refuses %p: an ISO date-time with a zone is needed',
    (text) => {
      expect(() => parseFromTime(text, NOW)).toThrow(FromTimeError);
      expect(() => parseFromTime(text, NOW)).toThrow(/ISO 8601 date-time with a zone/);
    },
  );

  it('says a date-time without a zone lacks one', () => {
    expect(() => parseFromTime('2024-01-15T10:30:00', NOW)).toThrow(
      /^--from 2024-01-15T10:30:00 has no zone/,
    );
  });

  it.each([
    ['2026-02-30T02:50:00Z', '2026-02-30 is not a date: February 2026 has 28 days'],
    ['2024-02-30T10:00:00+01:00', '2024-02-30 is not a date: February 2024 has 29 days'],
    ['2024-04-31T10:00:00Z', '2024-04-31 is not a date: April 2024 has 30 days'],
    ['2024-13-01T10:00:00Z', '2024-13-01 is not a date: there is no month 13'],
    ['2024-01-15T24:00:00Z', '24:00:00 is not a time of day'],
    ['2024-01-15T10:61:00Z', '10:61:00 is not a time of day'],
    ['2024-01-15T10:30:00+25:00', '+25:00 is not a zone offset'],
  ])('says %s is impossible, and why, rather than asking for a zone', (text, why) => {
    expect(() => parseFromTime(text, new Date('2030-01-01T00:00:00Z'))).toThrow(`--from ${text}: ${why}`);
  });

  it('refuses a time in the future, saying what time it is', () => {
    expect(() => parseFromTime('2024-01-15T12:00:01Z', NOW)).toThrow(
      '--from 2024-01-15T12:00:01Z is in the future (it is now 2024-01-15T12:00:00.000Z)',
    );
  });
});
