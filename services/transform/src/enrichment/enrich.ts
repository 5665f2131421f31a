/**
 * `enriched_data` (docs/architecture.md §5): every field of the event's `data` plus the
 * fields derived for its type. Dates come from the event's own timestamp, in UTC; categories
 * and flags from the thresholds. Pure.
 */
import {
  type EventOf,
  isUtcTimestamp,
  type PipelineEvent,
  UTC_DATE_LENGTH,
  utcDate,
} from '@event-pipeline/schema';
import { categorize, type Thresholds } from './thresholds.js';

const AMOUNT_CATEGORIES = ['micro', 'small', 'medium', 'large'] as const;
export type AmountCategory = (typeof AMOUNT_CATEGORIES)[number];
const SESSION_DURATION_CATEGORIES = ['short', 'medium', 'long'] as const;
export type SessionDurationCategory = (typeof SESSION_DURATION_CATEGORIES)[number];
const VALUE_RANGES = ['negative', 'low', 'normal', 'high'] as const;
export type ValueRange = (typeof VALUE_RANGES)[number];

export type EnrichedTransaction = EventOf<'transaction'>['data'] & {
  transaction_date: string;
  amount_category: AmountCategory;
  is_high_value: boolean;
};
export type EnrichedUserAction = EventOf<'user_action'>['data'] & {
  action_date: string;
  session_duration_category: SessionDurationCategory;
};
export type EnrichedMetric = EventOf<'metric'>['data'] & {
  metric_date: string;
  value_range: ValueRange;
  is_anomaly: boolean;
};
export type EnrichedSystemEvent = EventOf<'system_event'>['data'] & { event_date: string };

export type EnrichedData = EnrichedTransaction | EnrichedUserAction | EnrichedMetric | EnrichedSystemEvent;

/** `YYYY-MM-DD` of an event's timestamp in UTC: the `*_date` of every enrichment. */
export function eventDate(timestamp: string): string {
  // A UTC timestamp carries its date as text; any other is converted.
  return isUtcTimestamp(timestamp) ? timestamp.slice(0, UTC_DATE_LENGTH) : utcDate(timestamp);
}

/**
 * `{ ...base, ...extra }` for the hot path. V8 is fast at copying an object (`{ ...base }`)
 * and at `Object.assign`, but a spread followed by more properties in one literal takes a
 * slow path: about 1.6 µs a record against 0.08 µs here (bench/, 10,000 sample events).
 */
function extend<Base extends object, Extra extends object>(base: Base, extra: Extra): Base & Extra {
  return Object.assign({}, base, extra);
}

export function enrichTransaction(
  event: EventOf<'transaction'>,
  thresholds: Thresholds['transaction'],
): EnrichedTransaction {
  const { amount } = event.data;
  const { smallFrom, mediumFrom, largeFrom, highValueAbove } = thresholds;
  return extend(event.data, {
    transaction_date: eventDate(event.timestamp),
    amount_category: categorize(amount, [smallFrom, mediumFrom, largeFrom], AMOUNT_CATEGORIES),
    is_high_value: amount > highValueAbove,
  });
}

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

export function enrichMetric(event: EventOf<'metric'>, thresholds: Thresholds['metric']): EnrichedMetric {
  const { value } = event.data;
  const { lowFrom, normalFrom, highFrom, anomalyBelow, anomalyAbove } = thresholds;
  return extend(event.data, {
    metric_date: eventDate(event.timestamp),
    value_range: categorize(value, [lowFrom, normalFrom, highFrom], VALUE_RANGES),
    is_anomaly: value < anomalyBelow || value > anomalyAbove,
  });
}

function enrichSystemEvent(event: EventOf<'system_event'>): EnrichedSystemEvent {
  return extend(event.data, { event_date: eventDate(event.timestamp) });
}

/** The `enriched_data` of a validated event. */
export function enrich(event: PipelineEvent, thresholds: Thresholds): EnrichedData {
  switch (event.event_type) {
    case 'transaction':
      return enrichTransaction(event, thresholds.transaction);
    case 'user_action':
      return enrichUserAction(event, thresholds.session);
    case 'metric':
      return enrichMetric(event, thresholds.metric);
    case 'system_event':
      return enrichSystemEvent(event);
  }
}
