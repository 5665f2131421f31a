/** The replay's starting point, as an operator types it: an RFC 3339 instant with its zone, not in the future. */
import { isRfc3339DateTime } from '@event-pipeline/schema';

export class FromTimeError extends Error {
  override name = 'FromTimeError';
}

const EXAMPLES = 'e.g. 2024-01-15T10:30:00Z or 2024-01-15T11:30:00+01:00';

/** A date-time's shape, whatever its values: what is wrong with one that is not RFC 3339 can then be said. */
const SHAPE =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.\d+)?(?<zone>[Zz]|[+-](?<offsetHours>\d{2}):(?<offsetMinutes>\d{2}))?$/;

const monthName = (month: number) =>
  new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });

/** Why a date-time of the right shape is not a real one (the schema's isRfc3339DateTime decides that it is not). */
function impossibility(text: string, parts: Record<string, string | undefined>): string {
  const [year, month, day, hour, minute, second] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map(
    (name) => Number(parts[name]),
  ) as [number, number, number, number, number, number];
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (month < 1 || month > 12) return `${date} is not a date: there is no month ${parts.month}`;
  // Day 0 of the next month is the last day of this one.
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${date} is not a date: ${monthName(month)} ${year} has ${days} days`;
  if (hour > 23 || minute > 59 || second > 59)
    return `${parts.hour}:${parts.minute}:${parts.second} is not a time of day`;
  if (parts.offsetHours !== undefined && (Number(parts.offsetHours) > 23 || Number(parts.offsetMinutes) > 59))
    return `${parts.zone} is not a zone offset`;
  return `"${text}" is not a real date-time`;
}

export function parseFromTime(text: string, now: Date = new Date()): Date {
  if (!isRfc3339DateTime(text)) {
    const parts = SHAPE.exec(text)?.groups;
    if (parts === undefined)
      throw new FromTimeError(`--from must be an ISO 8601 date-time with a zone, ${EXAMPLES}; got "${text}"`);
    if (parts.zone === undefined)
      throw new FromTimeError(
        `--from ${text} has no zone: an ISO 8601 date-time with a zone is needed, Z for UTC or an offset, ${EXAMPLES}`,
      );
    throw new FromTimeError(`--from ${text}: ${impossibility(text, parts)}`);
  }
  const from = new Date(text);
  if (from.getTime() > now.getTime())
    throw new FromTimeError(`--from ${text} is in the future (it is now ${now.toISOString()})`);
  return from;
}
