import type { EventOf } from '@event-pipeline/schema';
import { eventDate } from './event-date.js';
import { extend } from './extend.js';

export type EnrichedSystemEvent = EventOf<'system_event'>['data'] & { event_date: string };

export function enrichSystemEvent(event: EventOf<'system_event'>): EnrichedSystemEvent {
  return extend(event.data, { event_date: eventDate(event.timestamp) });
}
