import type { EventOf } from '@event-pipeline/schema';
import { eventDate } from './event-date.js';
import { extend } from './extend.js';
import { categorize, type Thresholds } from './thresholds.js';

export const VALUE_RANGES = ['negative', 'low', 'normal', 'high'] as const;
export type ValueRange = (typeof VALUE_RANGES)[number];

export type EnrichedMetric = EventOf<'metric'>['data'] & {
  metric_date: string;
  value_range: ValueRange;
  is_anomaly: boolean;
};

export function enrichMetric(event: EventOf<'metric'>, thresholds: Thresholds['metric']): EnrichedMetric {
  const { value } = event.data;
  const { lowFrom, normalFrom, highFrom, anomalyBelow, anomalyAbove } = thresholds;
  return extend(event.data, {
    metric_date: eventDate(event.timestamp),
    value_range: categorize(value, [lowFrom, normalFrom, highFrom], VALUE_RANGES),
    is_anomaly: value < anomalyBelow || value > anomalyAbove,
  });
}
