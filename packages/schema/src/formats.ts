/**
 * Formats referenced by the schemas. The generated validators import this module, so a
 * format is one function shared by the compiler and the compiled code.
 */

// RFC 3339 §5.6 date-time: the zone is mandatory. Seconds up to 59: JavaScript dates have
// no leap second, so 23:59:60 could not be partitioned faithfully.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|([+-])([01]\d|2[0-3]):([0-5]\d))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function isRfc3339DateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= maxDay;
}

export const formats = { 'date-time': isRfc3339DateTime };
