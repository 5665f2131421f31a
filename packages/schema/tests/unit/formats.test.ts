import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_TIME_RANGE, isEventTime, isRfc3339DateTime } from '../../src/index.js';

const FROM = Date.parse(EVENT_TIME_RANGE.from);
const UNTIL = Date.parse(EVENT_TIME_RANGE.until);
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** An RFC 3339 text for an instant, written with an offset (the local time shifted by it). */
function written(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`;
}

describe('event-time format', () => {
  it('accepts exactly the instants in EVENT_TIME_RANGE, whatever offset they are written with', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        (instant, offset) => {
          const text = written(instant, offset);
          expect(isRfc3339DateTime(text)).toBe(true);
          expect(isEventTime(text)).toBe(instant >= FROM && instant < UNTIL);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['1970-01-01T00:00:00Z', true],
    ['1969-12-31T23:59:59.999Z', false],
    ['1969-12-31T23:30:00-01:00', true],
    ['1970-01-01T00:30:00+01:00', false],
    ['2099-12-31T23:59:59.999999999Z', true],
    ['2100-01-01T00:00:00Z', false],
    ['2100-01-01T00:30:00+01:00', true],
    ['2099-12-31T23:30:00-01:00', false],
    ['0070-01-01T00:00:00Z', false], // not 1970: two-digit years are not read as 19xx
    ['0000-01-01T00:00:00Z', false],
    ['9999-12-31T23:59:59Z', false],
  ])('%s is an event time: %s', (text, expected) => {
    expect(isEventTime(text)).toBe(expected);
    expect(isRfc3339DateTime(text)).toBe(true);
  });

  it('reads a UTC date-time written character by character as the pattern and calendar do', () => {
    // Fields in and out of their ranges, 0-10 fraction digits, and now and then one character
    // replaced: the shape the fast path reads, and its near misses.
    const text = fc
      .record({
        year: fc.integer({ min: 1900, max: 2200 }),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 61 }),
        second: fc.integer({ min: 0, max: 61 }),
        fraction: fc.string({ unit: fc.constantFrom('0', '5', '9'), maxLength: 10 }),
        replace: fc.option(
          fc.tuple(fc.nat(), fc.constantFrom('0', '9', 'T', 't', 'Z', 'z', ':', '-', '.', '+', 'a')),
        ),
      })
      .map(({ year, month, day, hour, minute, second, fraction, replace }) => {
        const written = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction === '' ? '' : `.${fraction}`}Z`;
        if (replace === null) return written;
        const at = replace[0] % written.length;
        return written.slice(0, at) + replace[1] + written.slice(at + 1);
      });
    fc.assert(
      fc.property(text, (value) => {
        const year = Number(value.slice(0, 4));
        const inRange = value.endsWith('Z') || value.endsWith('z') ? year >= 1970 && year <= 2099 : undefined;
        if (inRange === undefined) return;
        expect(isEventTime(value)).toBe(isRfc3339DateTime(value) && inRange);
      }),
      { numRuns: 3000 },
    );
  });
});
