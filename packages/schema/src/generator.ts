/**
 * Deterministic sample events for the producer, the tests and the benchmarks. Values are
 * spread so that every enrichment category of the transform (docs/architecture.md §5) is reached, and
 * a chosen fraction of the output can be invalid records of every error code.
 */
import type { ErrorCode } from './errors.js';
import { createRandom, type Random } from './random.js';
import {
  dataSchemas,
  EVENT_TYPES,
  envelopeSchema,
  MAX_NESTING_DEPTH,
  MAX_RECORD_BYTES,
  SYSTEM_EVENT_LEVELS,
} from './schemas.js';
import type { EventType, PipelineEvent } from './types.js';

export type Sample =
  | { valid: true; event: PipelineEvent; bytes: Buffer; partitionKey: string }
  | { valid: false; code: ErrorCode; bytes: Buffer; partitionKey: string };

export interface GeneratorOptions {
  seed?: number;
  /** Fraction (0..1) of samples that are invalid records. */
  invalidFraction?: number;
  /** Which error codes the invalid samples cycle through (all by default). */
  invalidCodes?: readonly ErrorCode[];
  /** The event timestamp of the i-th sample. Defaults to one event every 100 ms from 2024-01-15T10:00:00Z. */
  clock?: (index: number) => Date;
  source?: string;
}

/** Error codes an invalid sample can carry. `too_large` cannot travel through Kinesis (1 MiB cap). */
export const GENERATED_ERROR_CODES = [
  'not_utf8',
  'not_json',
  'not_object',
  'too_large',
  'forbidden_key',
  'missing_field',
  'wrong_type',
  'unknown_event_type',
  'bad_timestamp',
  'bad_value',
  'too_deep',
  'duplicate_key',
  'lone_surrogate',
] as const satisfies readonly ErrorCode[];

const ACTIONS = ['page_view', 'click', 'search', 'add_to_cart', 'checkout', 'login', 'logout'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CHF'];
const METRICS = ['cpu_utilization', 'memory_usage', 'request_latency_ms', 'queue_depth', 'error_rate'];
const SERVICES = ['auth-service', 'payment-service', 'search-service', 'inventory-service', 'gateway'];
const MESSAGES = [
  'request completed',
  'cache miss',
  'retrying upstream call',
  'disk usage high',
  'service restarted',
];

// Ranges that land in each enrichment category, upper bounds exclusive.
const AMOUNT_RANGES: ReadonlyArray<[number, number]> = [
  [0.01, 10],
  [10, 100],
  [100, 1000],
  [1000, 1000.01],
  [1000.01, 25000],
];
const SESSION_RANGES: ReadonlyArray<[number, number]> = [
  [0, 60],
  [60, 600],
  [600, 7200],
];
const METRIC_RANGES: ReadonlyArray<[number, number]> = [
  [-100, 0],
  [0, 50],
  [50, 100],
  [100, 200],
  [200.01, 1000],
];

const DEFAULT_EPOCH = Date.parse('2024-01-15T10:00:00Z');

function between(random: Random, [min, max]: [number, number]): number {
  return random.float(min, max);
}

function dataFor(type: EventType, random: Random): PipelineEvent['data'] {
  const userId = `user_${random.int(1, 5000)}`;
  switch (type) {
    case 'user_action':
      return {
        user_id: userId,
        action: random.pick(ACTIONS),
        session_duration: Math.round(between(random, random.pick(SESSION_RANGES))),
      };
    case 'transaction':
      return {
        transaction_id: `txn_${random.hex(16)}`,
        user_id: userId,
        amount: between(random, random.pick(AMOUNT_RANGES)),
        currency: random.pick(CURRENCIES),
      };
    case 'metric':
      return {
        metric_name: random.pick(METRICS),
        value: between(random, random.pick(METRIC_RANGES)),
        host: `host-${random.int(1, 20)}`,
      };
    case 'system_event':
      return {
        service: random.pick(SERVICES),
        level: random.pick(SYSTEM_EVENT_LEVELS),
        message: random.pick(MESSAGES),
      };
  }
}

function validEvent(random: Random, timestamp: Date, source: string): PipelineEvent {
  const eventType = random.pick(EVENT_TYPES);
  return {
    event_id: random.uuid(),
    event_type: eventType,
    timestamp: timestamp.toISOString(),
    source,
    data: dataFor(eventType, random),
  } as PipelineEvent;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** An invalid record whose validation must fail with exactly `code`. */
function invalidRecord(code: ErrorCode, random: Random, timestamp: Date, source: string): Buffer {
  const base = validEvent(random, timestamp, source) as unknown as Record<string, unknown> & {
    data: Record<string, unknown>;
  };
  switch (code) {
    case 'not_utf8':
      return Buffer.concat([
        Buffer.from('{"event_type":"metric","note":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]);
    case 'not_json':
      return json(base).subarray(0, 20);
    case 'not_object':
      return json([base]);
    case 'too_large':
      return json({ ...base, data: { ...base.data, padding: 'x'.repeat(MAX_RECORD_BYTES) } });
    case 'too_deep': {
      // The record is level 1 and data level 2, so this many arrays reach one level too deep.
      const arrays = MAX_NESTING_DEPTH - 1;
      return Buffer.from(
        JSON.stringify(base).replace(
          '"data":{',
          `"data":{"nested":${'['.repeat(arrays)}${']'.repeat(arrays)},`,
        ),
      );
    }
    case 'duplicate_key':
      // The first event_type is the one other parsers keep; JSON.parse keeps the valid last one.
      return Buffer.from(JSON.stringify(base).replace('{', '{"event_type":"page_view",'));
    case 'forbidden_key':
      return Buffer.from(JSON.stringify(base).replace('"data":{', '"data":{"__proto__":{"admin":true},'));
    case 'lone_surrogate':
      // Half an emoji, as a cut at a UTF-16 boundary leaves it; JSON.stringify escapes it as \ud83d.
      return json({ ...base, data: { ...base.data, note: `truncated emoji ${'\u{1F680}'.slice(0, 1)}` } });
    case 'missing_field': {
      const required = [...envelopeSchema.required, ...dataSchemas[base.event_type as EventType].required];
      const dropped = random.pick(required);
      if (dropped in base) {
        const { [dropped]: _omitted, ...rest } = base;
        return json(rest);
      }
      const { [dropped]: _omitted, ...kept } = base.data;
      return json({ ...base, data: kept });
    }
    case 'wrong_type':
      return json({ ...base, data: { ...base.data, ...wrongTypeField(base.event_type as EventType) } });
    case 'unknown_event_type':
      return json({ ...base, event_type: 'page_view' });
    case 'bad_timestamp':
      return json({ ...base, timestamp: timestamp.toISOString().replace('Z', '') });
    case 'bad_value':
      return json({ ...base, data: { ...base.data, ...badValueField(base.event_type as EventType) } });
  }
}

function wrongTypeField(type: EventType): Record<string, unknown> {
  switch (type) {
    case 'user_action':
      return { session_duration: '45' };
    case 'transaction':
      return { amount: '19.99' };
    case 'metric':
      return { value: 'NaN' };
    case 'system_event':
      return { message: 42 };
  }
}

function badValueField(type: EventType): Record<string, unknown> {
  switch (type) {
    case 'user_action':
      return { session_duration: -1 };
    case 'transaction':
      return { currency: 'usd' };
    case 'metric':
      return { metric_name: '' };
    case 'system_event':
      return { level: 'FATAL' };
  }
}

/** An endless, deterministic stream of samples. */
export function* generateSamples(options: GeneratorOptions = {}): Generator<Sample> {
  const random = createRandom(options.seed ?? 42);
  const invalidFraction = options.invalidFraction ?? 0;
  if (!(invalidFraction >= 0 && invalidFraction <= 1))
    throw new RangeError(`invalidFraction must be within 0..1, got ${invalidFraction}`);
  const codes = options.invalidCodes ?? GENERATED_ERROR_CODES;
  if (invalidFraction > 0 && codes.length === 0)
    throw new RangeError('invalidCodes must not be empty when invalidFraction > 0');
  const clock = options.clock ?? ((i: number) => new Date(DEFAULT_EPOCH + i * 100));
  const source = options.source ?? 'sample-generator';
  let invalidCount = 0;
  for (let i = 0; ; i++) {
    const timestamp = clock(i);
    if (invalidFraction > 0 && random.next() < invalidFraction) {
      const code = codes[invalidCount++ % codes.length]!;
      yield {
        valid: false,
        code,
        bytes: invalidRecord(code, random, timestamp, source),
        partitionKey: random.hex(16),
      };
    } else {
      const event = validEvent(random, timestamp, source);
      yield { valid: true, event, bytes: json(event), partitionKey: event.event_id as string };
    }
  }
}

/** The first `count` samples of {@link generateSamples}. */
export function sampleBatch(count: number, options: GeneratorOptions = {}): Sample[] {
  const out: Sample[] = [];
  for (const sample of generateSamples(options)) {
    if (out.length >= count) break;
    out.push(sample);
  }
  return out;
}
