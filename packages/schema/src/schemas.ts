/**
 * The event contract as JSON Schemas: the single source of truth. The TypeScript types
 * (types.ts) are derived from these objects and the validators (generated/validators.js)
 * are compiled from them ahead of time by scripts/generate-validators.ts.
 */

export const EVENT_TYPES = ['user_action', 'transaction', 'metric', 'system_event'] as const;
export const SYSTEM_EVENT_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;

/** Kinesis caps a record's data at 1 MiB; anything larger is rejected before parsing. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const nonEmptyString = { type: 'string', minLength: 1 } as const;

export const envelopeSchema = {
  $id: 'envelope',
  type: 'object',
  required: ['event_type', 'timestamp', 'data'],
  properties: {
    event_id: { type: 'string', minLength: 1, maxLength: 256 },
    event_type: { type: 'string', enum: EVENT_TYPES },
    timestamp: { type: 'string', format: 'date-time' },
    source: { type: 'string', maxLength: 256 },
    data: { type: 'object' },
  },
} as const;

export const userActionDataSchema = {
  $id: 'user_action',
  type: 'object',
  required: ['user_id', 'action', 'session_duration'],
  properties: {
    user_id: nonEmptyString,
    action: nonEmptyString,
    session_duration: { type: 'number', minimum: 0 },
  },
} as const;

export const transactionDataSchema = {
  $id: 'transaction',
  type: 'object',
  required: ['transaction_id', 'user_id', 'amount', 'currency'],
  properties: {
    transaction_id: nonEmptyString,
    user_id: nonEmptyString,
    amount: { type: 'number' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

export const metricDataSchema = {
  $id: 'metric',
  type: 'object',
  required: ['metric_name', 'value'],
  properties: {
    metric_name: nonEmptyString,
    value: { type: 'number' },
  },
} as const;

export const systemEventDataSchema = {
  $id: 'system_event',
  type: 'object',
  required: ['service', 'level', 'message'],
  properties: {
    service: nonEmptyString,
    level: { type: 'string', enum: SYSTEM_EVENT_LEVELS },
    message: { type: 'string' },
  },
} as const;

/** The `data` schema of each event type, keyed by `event_type`. */
export const dataSchemas = {
  user_action: userActionDataSchema,
  transaction: transactionDataSchema,
  metric: metricDataSchema,
  system_event: systemEventDataSchema,
} as const;

/** Human wording for schema constraints, used in error messages. */
export const expectations: Readonly<Record<string, string>> = {
  '/timestamp': 'an RFC 3339 date-time with a time zone, e.g. 2024-01-15T10:30:00Z',
  '/data/currency': 'an ISO 4217 code of 3 upper-case letters, e.g. USD',
  '/data/session_duration': 'a number of seconds >= 0',
  '/data/level': `one of ${SYSTEM_EVENT_LEVELS.join(', ')}`,
  '/event_type': `one of ${EVENT_TYPES.join(', ')}`,
};
