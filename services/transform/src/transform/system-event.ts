import { type EventOf, utcDate } from '@event-pipeline/schema';

export type EnrichedSystemEvent = EventOf<'system_event'>['data'] & { event_date: string };

export function enrichSystemEvent(event: EventOf<'system_event'>): EnrichedSystemEvent {
  return { ...event.data, event_date: utcDate(event.timestamp) };
}
