/** Where an event lands in the lake: `event_type=<t>/year=YYYY/month=MM/day=DD/hour=HH`, in UTC. */

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

export interface UtcHour {
  year: string;
  month: string;
  day: string;
  hour: string;
}

/** The UTC hour of an RFC 3339 timestamp, whatever offset it was written with. */
export function utcHour(timestamp: string | number | Date): UtcHour {
  const date = timestamp instanceof Date ? timestamp : new Date(timestamp);
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid timestamp: ${String(timestamp)}`);
  return {
    year: pad(date.getUTCFullYear(), 4),
    month: pad(date.getUTCMonth() + 1, 2),
    day: pad(date.getUTCDate(), 2),
    hour: pad(date.getUTCHours(), 2),
  };
}

/** `year=YYYY/month=MM/day=DD/hour=HH` of a timestamp in UTC. */
export function hourPath(timestamp: string | number | Date): string {
  const { year, month, day, hour } = utcHour(timestamp);
  return `year=${year}/month=${month}/day=${day}/hour=${hour}`;
}

/** The partition path of a (validated) event, from its own timestamp, never from the clock. */
export function partitionPath(event: { event_type: string; timestamp: string }): string {
  return `event_type=${event.event_type}/${hourPath(event.timestamp)}`;
}

/** `YYYY-MM-DD` of a timestamp in UTC (the enrichment's `*_date` fields). */
export function utcDate(timestamp: string): string {
  const { year, month, day } = utcHour(timestamp);
  return `${year}-${month}-${day}`;
}
