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

/** What the enrichment adds to each type's data (the `*_date`, categories and flags). */
export interface TransactionFields {
  transaction_date: string;
  amount_category: AmountCategory;
  is_high_value: boolean;
}
export interface UserActionFields {
  action_date: string;
  session_duration_category: SessionDurationCategory;
}
export interface MetricFields {
  metric_date: string;
  value_range: ValueRange;
  is_anomaly: boolean;
}
export interface SystemEventFields {
  event_date: string;
}
export type EnrichmentFields = TransactionFields | UserActionFields | MetricFields | SystemEventFields;

function transactionFields(
  event: EventOf<'transaction'>,
  thresholds: Thresholds['transaction'],
): TransactionFields {
  const { amount } = event.data;
  const { smallFrom, mediumFrom, largeFrom, highValueAbove } = thresholds;
  return {
    transaction_date: eventDate(event.timestamp),
    amount_category: categorize(amount, [smallFrom, mediumFrom, largeFrom], AMOUNT_CATEGORIES),
    is_high_value: amount > highValueAbove,
  };
}

function userActionFields(
  event: EventOf<'user_action'>,
  thresholds: Thresholds['session'],
): UserActionFields {
  return {
    action_date: eventDate(event.timestamp),
    session_duration_category: categorize(
      event.data.session_duration,
      [thresholds.mediumFrom, thresholds.longFrom],
      SESSION_DURATION_CATEGORIES,
    ),
  };
}

function metricFields(event: EventOf<'metric'>, thresholds: Thresholds['metric']): MetricFields {
  const { value } = event.data;
  const { lowFrom, normalFrom, highFrom, anomalyBelow, anomalyAbove } = thresholds;
  return {
    metric_date: eventDate(event.timestamp),
    value_range: categorize(value, [lowFrom, normalFrom, highFrom], VALUE_RANGES),
    is_anomaly: value < anomalyBelow || value > anomalyAbove,
  };
}

export function enrichTransaction(
  event: EventOf<'transaction'>,
  thresholds: Thresholds['transaction'],
): EnrichedTransaction {
  return extend(event.data, transactionFields(event, thresholds));
}

export function enrichUserAction(
  event: EventOf<'user_action'>,
  thresholds: Thresholds['session'],
): EnrichedUserAction {
  return extend(event.data, userActionFields(event, thresholds));
}

export function enrichMetric(event: EventOf<'metric'>, thresholds: Thresholds['metric']): EnrichedMetric {
  return extend(event.data, metricFields(event, thresholds));
}

/** The fields the enrichment adds to a validated event's data. */
export function enrichmentFields(event: PipelineEvent, thresholds: Thresholds): EnrichmentFields {
  switch (event.event_type) {
    case 'transaction':
      return transactionFields(event, thresholds.transaction);
    case 'user_action':
      return userActionFields(event, thresholds.session);
    case 'metric':
      return metricFields(event, thresholds.metric);
    case 'system_event':
      return { event_date: eventDate(event.timestamp) };
  }
}

/**
 * The enrichment's members as JSON text, each after a comma: what JSON.stringify writes for
 * them. Their names are ours and their values are booleans, dates (digits and `-`) and category
 * names: nothing JSON escapes.
 */
export function enrichmentMembersJson(fields: EnrichmentFields): string {
  let text = '';
  for (const [key, value] of Object.entries(fields))
    text += typeof value === 'string' ? `,"${key}":"${value}"` : `,"${key}":${value}`;
  return text;
}

/** The `enriched_data` of a validated event: its data and, after it, the fields derived from it. */
export function enrich(event: PipelineEvent, thresholds: Thresholds): EnrichedData {
  return extend(event.data, enrichmentFields(event, thresholds)) as EnrichedData;
}
