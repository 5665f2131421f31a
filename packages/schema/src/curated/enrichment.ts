/**
 * The enrichment columns of docs/architecture.md §5: what the transformer adds to
 * `enriched_data` for each event type, by name and type. This table is the one place for
 * them: the curated columns (columns.ts) and the Glue tables are generated from it, and the
 * transformer's enrichment types are to be derived from it too.
 */
import type { EventType } from '../types.js';

/** The value types an enrichment can add: `*_date` (YYYY-MM-DD), categories, flags. */
export type EnrichmentType = 'date' | 'string' | 'boolean';

export interface EnrichmentColumn {
  name: string;
  type: EnrichmentType;
}

export const ENRICHMENT_COLUMNS = {
  transaction: [
    { name: 'transaction_date', type: 'date' },
    { name: 'amount_category', type: 'string' },
    { name: 'is_high_value', type: 'boolean' },
  ],
  user_action: [
    { name: 'action_date', type: 'date' },
    { name: 'session_duration_category', type: 'string' },
  ],
  metric: [
    { name: 'metric_date', type: 'date' },
    { name: 'value_range', type: 'string' },
    { name: 'is_anomaly', type: 'boolean' },
  ],
  system_event: [{ name: 'event_date', type: 'date' }],
} as const satisfies Record<EventType, readonly EnrichmentColumn[]>;
