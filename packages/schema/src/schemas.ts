/**
 * The event contract as JSON Schemas: the single source of truth. The TypeScript types
 * (types.ts) are derived from these objects and the validators (generated/validators.js)
 * are compiled from them ahead of time by scripts/generate-validators.ts.
 */

export const EVENT_TYPES = ['user_action', 'transaction', 'metric', 'system_event'] as const;
export const SYSTEM_EVENT_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;

/** Kinesis caps a record's data at 1 MiB; anything larger is rejected before parsing. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * How many objects and arrays may enclose a value, the record itself being level 1. JSON.parse
 * copes with 500,000 levels, but JSON.stringify, structuredClone and most consumers recurse
 * and overflow the stack near 10,000; 64 is far beyond any real event and bounds them all.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The instants an event's timestamp may fall in (UTC, `until` excluded). Fixed dates, not
 * the clock: the same record must get the same verdict on every retry, replay and redrive.
 * Before 1970 or from 2100 on is a broken producer clock or a unit mix-up, and the
 * partition path needs a 4-digit year.
 */
export const EVENT_TIME_RANGE = { from: '1970-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' } as const;

const nonEmptyString = { type: 'string', minLength: 1 } as const;

export const envelopeSchema = {
  $id: 'envelope',
  type: 'object',
  required: ['event_type', 'timestamp', 'data'],
  properties: {
    event_id: { type: 'string', minLength: 1, maxLength: 256 },
    event_type: { type: 'string', enum: EVENT_TYPES },
    timestamp: { type: 'string', format: 'event-time' },
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
  '/timestamp': `an RFC 3339 date-time with a time zone, at or after ${EVENT_TIME_RANGE.from} and before ${EVENT_TIME_RANGE.until}, e.g. 2024-01-15T10:30:00Z`,
  '/data/currency': 'an ISO 4217 code of 3 upper-case letters, e.g. USD',
  '/data/session_duration': 'a number of seconds >= 0',
  '/data/level': `one of ${SYSTEM_EVENT_LEVELS.join(', ')}`,
  '/event_type': `one of ${EVENT_TYPES.join(', ')}`,
};
