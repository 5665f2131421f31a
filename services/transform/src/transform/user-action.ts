import type { EventOf } from '@event-pipeline/schema';
import { eventDate } from './event-date.js';
import { extend } from './extend.js';
import { categorize, type Thresholds } from './thresholds.js';

export const SESSION_DURATION_CATEGORIES = ['short', 'medium', 'long'] as const;
export type SessionDurationCategory = (typeof SESSION_DURATION_CATEGORIES)[number];

export type EnrichedUserAction = EventOf<'user_action'>['data'] & {
  action_date: string;
  session_duration_category: SessionDurationCategory;
};

export function enrichUserAction(
  event: EventOf<'user_action'>,
  thresholds: Thresholds['session'],
): EnrichedUserAction {
  return extend(event.data, {
    action_date: eventDate(event.timestamp),
    session_duration_category: categorize(
      event.data.session_duration,
      [thresholds.mediumFrom, thresholds.longFrom],
      SESSION_DURATION_CATEGORIES,
    ),
  });
}
