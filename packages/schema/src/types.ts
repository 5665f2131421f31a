import type { FromSchema } from 'json-schema-to-ts';
import type {
  EVENT_TYPES,
  envelopeSchema,
  metricDataSchema,
  systemEventDataSchema,
  transactionDataSchema,
  userActionDataSchema,
} from './schemas.js';

export type EventType = (typeof EVENT_TYPES)[number];
export type Envelope = FromSchema<typeof envelopeSchema>;
export type UserActionData = FromSchema<typeof userActionDataSchema>;
export type TransactionData = FromSchema<typeof transactionDataSchema>;
export type MetricData = FromSchema<typeof metricDataSchema>;
export type SystemEventData = FromSchema<typeof systemEventDataSchema>;

export interface DataByType {
  user_action: UserActionData;
  transaction: TransactionData;
  metric: MetricData;
  system_event: SystemEventData;
}

/** An event that passed validation, narrowed by its `event_type`. */
export type PipelineEvent = {
  [K in EventType]: Omit<Envelope, 'event_type' | 'data'> & { event_type: K; data: DataByType[K] };
}[EventType];

export type EventOf<K extends EventType> = Extract<PipelineEvent, { event_type: K }>;
