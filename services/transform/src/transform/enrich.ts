import type { PipelineEvent } from '@event-pipeline/schema';
import { type EnrichedMetric, enrichMetric } from './metric.js';
import { type EnrichedSystemEvent, enrichSystemEvent } from './system-event.js';
import type { Thresholds } from './thresholds.js';
import { type EnrichedTransaction, enrichTransaction } from './transaction.js';
import { type EnrichedUserAction, enrichUserAction } from './user-action.js';

export type EnrichedData = EnrichedTransaction | EnrichedUserAction | EnrichedMetric | EnrichedSystemEvent;

/** `enriched_data` of a validated event: every field of `data` plus its type's derived fields. */
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
