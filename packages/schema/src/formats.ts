/**
 * Formats referenced by the schemas. The generated validators import this module, so a
 * format is one function shared by the compiler and the compiled code.
 */
import { EVENT_TIME_RANGE } from './schemas.js';

// RFC 3339 §5.6 date-time: the zone is mandatory. Seconds up to 59: JavaScript dates have
// no leap second, so 23:59:60 could not be partitioned faithfully.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|([+-])([01]\d|2[0-3]):([0-5]\d))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;
const EARLIEST_MS = Date.parse(EVENT_TIME_RANGE.from);
const LATEST_MS = Date.parse(EVENT_TIME_RANGE.until);
// Offsets stay under a day, so any time written in these years is inside the range: the
// exact instant is only computed near the bounds (it costs more than the rest of the check).
const FIRST_SAFE_YEAR = new Date(EARLIEST_MS + DAY_MS).getUTCFullYear() + 1;
const LAST_SAFE_YEAR = new Date(LATEST_MS - DAY_MS).getUTCFullYear() - 1;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The regex match of an RFC 3339 date-time on a real calendar day (no February 30th), or null. */
function matchDateTime(value: string): RegExpExecArray | null {
  const m = DATE_TIME.exec(value);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= maxDay ? m : null;
}

/** RFC 3339 date-time with a zone and a real calendar date. */
export function isRfc3339DateTime(value: string): boolean {
  return matchDateTime(value) !== null;
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const UPPER_T = 0x54;
const UPPER_Z = 0x5a;
/** `YYYY-MM-DDTHH:MM:SSZ` */
const PLAIN_UTC_LENGTH = 20;
/** With the longest fraction the pattern allows (9 digits). */
const PLAIN_UTC_MAX_LENGTH = 30;

/** The number the two digits at `at` make, or NaN (which fails every comparison below). */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 0x30;
  const units = text.charCodeAt(at + 1) - 0x30;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

/**
 * The usual event time, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` on a real calendar day of a year
 * wholly inside EVENT_TIME_RANGE, read character by character: what the pattern and the
 * calendar check say of it, without the match's substrings (the match was a tenth of a
 * record's validation). false means "not this shape", not "invalid": the full check decides.
 */
function isPlainUtcEventTime(value: string): boolean {
  const { length } = value;
  if (length < PLAIN_UTC_LENGTH || length > PLAIN_UTC_MAX_LENGTH) return false;
  if (
    value.charCodeAt(4) !== DASH ||
    value.charCodeAt(7) !== DASH ||
    value.charCodeAt(10) !== UPPER_T ||
    value.charCodeAt(13) !== COLON ||
    value.charCodeAt(16) !== COLON ||
    value.charCodeAt(length - 1) !== UPPER_Z
  )
    return false;
  if (length > PLAIN_UTC_LENGTH) {
    // `.` and 1-9 digits: at least 22 characters.
    if (value.charCodeAt(19) !== DOT || length === PLAIN_UTC_LENGTH + 1) return false;
    for (let at = 20; at < length - 1; at++) {
      const c = value.charCodeAt(at) - 0x30;
      if (c < 0 || c > 9) return false;
    }
  }
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (!(year >= FIRST_SAFE_YEAR && year <= LAST_SAFE_YEAR && month >= 1 && month <= 12 && day >= 1))
    return false;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return (
    day <= maxDay && twoDigits(value, 11) <= 23 && twoDigits(value, 14) <= 59 && twoDigits(value, 17) <= 59
  );
}

/** An RFC 3339 date-time whose instant lies in EVENT_TIME_RANGE: an event's `timestamp`. */
export function isEventTime(value: string): boolean {
  if (isPlainUtcEventTime(value)) return true;
  const m = matchDateTime(value);
  if (m === null) return false;
  const year = Number(m[1]);
  if (year >= FIRST_SAFE_YEAR && year <= LAST_SAFE_YEAR) return true;
  const ms = epochMs(m);
  return ms >= EARLIEST_MS && ms < LATEST_MS;
}

/** The instant of a matched date-time in epoch milliseconds (digits below the millisecond dropped). */
function epochMs(m: RegExpExecArray): number {
  const date = new Date(0);
  // setUTCFullYear takes years 0-99 as written (Date.UTC would read them as 1900-1999).
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), millis);
  const offsetMinutes =
    m[9] === undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  return date.getTime() - offsetMinutes * 60_000;
}

export const formats = { 'event-time': isEventTime };
