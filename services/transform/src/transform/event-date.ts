/** `YYYY-MM-DD` of an event's timestamp in UTC: the `*_date` of every enrichment. */
import { isUtcTimestamp, UTC_DATE_LENGTH, utcDate } from '@event-pipeline/schema';

export function eventDate(timestamp: string): string {
  // A UTC timestamp carries its date as text; any other is converted.
  return isUtcTimestamp(timestamp) ? timestamp.slice(0, UTC_DATE_LENGTH) : utcDate(timestamp);
}
