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

/**
 * The envelope's named fields without its index signature: `Omit` over a type with an index
 * signature keeps only the signature, which would make `timestamp` and `event_id` `unknown`.
 */
type EnvelopeFields = { [F in keyof Envelope as string extends F ? never : F]: Envelope[F] };

/** An event that passed validation, narrowed by its `event_type`; extra fields are kept. */
export type PipelineEvent = {
  [K in EventType]: Omit<EnvelopeFields, 'event_type' | 'data'> & { event_type: K; data: DataByType[K] } & {
    [extra: string]: unknown;
  };
}[EventType];

export type EventOf<K extends EventType> = Extract<PipelineEvent, { event_type: K }>;
