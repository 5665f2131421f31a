import type { PipelineEvent } from '../../src/index.js';

type Json = Record<string, unknown>;

export const validEvents = {
  user_action: {
    event_id: '6f1c2f0e-2b7a-4f3e-9a51-0d7c5b1e8a11',
    event_type: 'user_action',
    timestamp: '2024-01-15T10:30:00Z',
    source: 'web',
    data: { user_id: 'user_1', action: 'click', session_duration: 42 },
  },
  transaction: {
    event_type: 'transaction',
    timestamp: '2024-01-15T10:30:00.123Z',
    data: { transaction_id: 'txn_1', user_id: 'user_1', amount: 19.99, currency: 'EUR' },
  },
  metric: {
    event_type: 'metric',
    timestamp: '2024-01-15T10:30:00+01:00',
    data: { metric_name: 'cpu_utilization', value: -3.5, host: 'host-1' },
  },
  system_event: {
    event_type: 'system_event',
    timestamp: '2024-01-15T10:30:00Z',
    data: { service: 'auth-service', level: 'CRITICAL', message: '' },
  },
} satisfies Record<PipelineEvent['event_type'], Json>;

export type ValidKind = keyof typeof validEvents;

/** A copy of a valid event with `patch` merged in at the top level (a `data` in it replaces data) and `dataPatch` into `data`. */
export function eventWith(kind: ValidKind, patch: Json = {}, dataPatch: Json = {}): Json {
  const base = structuredClone(validEvents[kind]) as Json & { data: Json };
  const data = 'data' in patch ? patch.data : { ...base.data, ...dataPatch };
  return { ...base, ...patch, data };
}

/** The same event without the field at `path` ('timestamp' or 'data.amount'). */
export function eventWithout(kind: ValidKind, path: string): Json {
  const event = structuredClone(validEvents[kind]) as Json & { data: Json };
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) delete event[head];
  else delete event.data[tail];
  return event;
}

export const bytes = (value: unknown): Buffer =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
