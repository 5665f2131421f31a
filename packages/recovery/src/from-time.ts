/** The replay's starting point, as an operator types it: an RFC 3339 instant with its zone, not in the future. */
import { isRfc3339DateTime } from '@event-pipeline/schema';

export class FromTimeError extends Error {
  override name = 'FromTimeError';
}

export function parseFromTime(text: string, now: Date = new Date()): Date {
  if (!isRfc3339DateTime(text))
    throw new FromTimeError(
      `--from must be an ISO 8601 date-time with a zone, e.g. 2024-01-15T10:30:00Z or ` +
        `2024-01-15T11:30:00+01:00; got "${text}"`,
    );
  const from = new Date(text);
  if (from.getTime() > now.getTime())
    throw new FromTimeError(`--from ${text} is in the future (it is now ${now.toISOString()})`);
  return from;
}
