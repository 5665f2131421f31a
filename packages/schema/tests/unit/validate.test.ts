import { describe, expect, it } from '@jest/globals';
import {
  EVENT_TYPES,
  MAX_NESTING_DEPTH,
  MAX_RECORD_BYTES,
  validate,
  validateEvent,
} from '../../src/index.js';
import { bytes, eventWith, eventWithout, type ValidKind, validEvents } from '../helpers/factories.js';

function errorOf(input: Buffer | string | object) {
  const result = validate(Buffer.isBuffer(input) ? input : bytes(input));
  if (result.ok) throw new Error(`expected a validation error, got a valid ${result.event.event_type}`);
  return result.error;
}

describe('validate: valid events', () => {
  it.each(Object.keys(validEvents) as ValidKind[])('accepts a %s event and returns it typed', (kind) => {
    const result = validate(bytes(validEvents[kind]));
    expect(result).toEqual({ ok: true, event: validEvents[kind] });
  });

  it('keeps extra fields in data and at the top level', () => {
    const event = eventWith('metric', { trace_id: 'abc' }, { tags: { env: 'prod' }, unit: '%' });
    expect(validate(bytes(event))).toEqual({ ok: true, event });
  });

  it('accepts a record of exactly 1 MiB', () => {
    const event = eventWith('metric', {}, { padding: '' });
    const overhead = bytes(event).length;
    const exact = eventWith('metric', {}, { padding: 'x'.repeat(MAX_RECORD_BYTES - overhead) });
    expect(bytes(exact).length).toBe(MAX_RECORD_BYTES);
    expect(validate(bytes(exact)).ok).toBe(true);
  });

  it('accepts non-ASCII UTF-8 text', () => {
    expect(validate(bytes(eventWith('system_event', {}, { message: 'Zürich ✓ 東京 🚀' }))).ok).toBe(true);
  });
});

describe('validate: record-level errors', () => {
  it('refuses bytes that are not UTF-8 (not_utf8)', () => {
    expect(errorOf(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toEqual({
      code: 'not_utf8',
      path: '',
      message: expect.stringContaining('not valid UTF-8'),
    });
    expect(errorOf(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])).code).toBe('not_utf8');
    // a lone surrogate encoded in UTF-8 (CESU) is not valid UTF-8 either
    expect(errorOf(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])).code).toBe('not_utf8');
  });

  it.each([
    ['an empty record', ''],
    ['truncated JSON', '{"event_type":"metric",'],
    ['a bare word', 'hello'],
    [
      'NaN',
      '{"event_type":"metric","timestamp":"2024-01-15T10:30:00Z","data":{"metric_name":"x","value":NaN}}',
    ],
    ['Infinity', '{"data":{"value":Infinity}}'],
    ['single quotes', "{'event_type':'metric'}"],
    ['a trailing comma', '{"event_type":"metric",}'],
    ['a raw control character', '{"event_type":"metric\u0001"}'],
  ])('refuses %s (not_json)', (_name, text) => {
    const error = errorOf(Buffer.from(text));
    expect(error.code).toBe('not_json');
    expect(error.path).toBe('');
  });

  it.each([
    ['an array', [validEvents.metric], 'an array'],
    ['null', null, 'null'],
    ['a number', 42, 'number 42'],
    ['a string', 'event', 'the string "event"'],
    ['true', true, 'boolean true'],
  ])('refuses %s (not_object)', (_name, value, described) => {
    expect(errorOf(JSON.stringify(value))).toEqual({
      code: 'not_object',
      path: '',
      message: `the record must be a JSON object, got ${described}`,
    });
  });

  it('refuses a record over 1 MiB before parsing it (too_large)', () => {
    const big = eventWith('metric', {}, { padding: 'x'.repeat(MAX_RECORD_BYTES) });
    const error = errorOf(big);
    expect(error.code).toBe('too_large');
    expect(error.message).toContain(`${MAX_RECORD_BYTES} bytes`);
    expect(errorOf(Buffer.alloc(MAX_RECORD_BYTES + 1, 0xff)).code).toBe('too_large');
  });

  it.each([
    ['__proto__ in data', '"data":{"__proto__":{"polluted":true},', '/data/__proto__'],
    ['constructor in data', '"data":{"constructor":{"prototype":{"x":1}},', '/data/constructor'],
    ['__proto__ at the top level', '"__proto__":{"x":1},"data":{', '/__proto__'],
  ])('refuses %s (forbidden_key) without polluting prototypes', (_name, replacement, path) => {
    const text = JSON.stringify(validEvents.metric).replace('"data":{', replacement);
    const error = errorOf(text);
    expect(error.code).toBe('forbidden_key');
    expect(error.path).toBe(path);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds forbidden keys nested deep inside arrays', () => {
    const event = eventWith('metric', {}, { tags: [{ a: { b: [{ prototype: 1 }] } }] });
    expect(validateEvent(event)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_key', path: '/data/tags/0/a/b/0/prototype' },
    });
  });

  it('allows the words in values', () => {
    expect(
      validate(bytes(eventWith('system_event', {}, { message: 'constructor of __proto__ prototype' }))).ok,
    ).toBe(true);
  });
});

describe('validate: envelope rules', () => {
  it.each(['event_type', 'timestamp', 'data'])('requires %s (missing_field)', (field) => {
    expect(errorOf(eventWithout('metric', field))).toEqual({
      code: 'missing_field',
      path: `/${field}`,
      message: `missing required field ${field}`,
    });
  });

  it('does not require event_id or source', () => {
    expect(validate(bytes(eventWithout('user_action', 'event_id'))).ok).toBe(true);
    expect(validate(bytes(eventWithout('user_action', 'source'))).ok).toBe(true);
  });

  it.each([
    ['event_type', 7, 'a string', 'number 7'],
    ['timestamp', 1705314600, 'a string', 'number 1705314600'],
    ['data', [], 'an object', 'an array'],
    ['data', 'x', 'an object', 'the string "x"'],
    ['data', null, 'an object', 'null'],
    ['event_id', 12, 'a string', 'number 12'],
    ['source', { name: 'x' }, 'a string', 'an object'],
  ])('requires %s to have the right type (wrong_type)', (field, value, expected, found) => {
    expect(errorOf(eventWith('metric', { [field]: value }))).toEqual({
      code: 'wrong_type',
      path: `/${field}`,
      message: `${field} must be ${expected}, got ${found}`,
    });
  });

  it.each(['page_view', 'USER_ACTION', '', 'transaction '])(
    'refuses event_type %j (unknown_event_type)',
    (type) => {
      const error = errorOf(eventWith('metric', { event_type: type }));
      expect(error.code).toBe('unknown_event_type');
      expect(error.path).toBe('/event_type');
      expect(error.message).toContain(EVENT_TYPES.join(', '));
    },
  );

  it('refuses an empty event_id (bad_value)', () => {
    expect(errorOf(eventWith('metric', { event_id: '' }))).toMatchObject({
      code: 'bad_value',
      path: '/event_id',
    });
  });
});

describe('validate: timestamps', () => {
  it.each([
    '2024-01-15T10:30:00Z',
    '2024-01-15T10:30:00z',
    '2024-01-15t10:30:00Z',
    '2024-01-15T10:30:00.1Z',
    '2024-01-15T10:30:00.123456789Z',
    '2024-01-15T10:30:00+05:30',
    '2024-01-15T23:30:00-05:00',
    '2024-01-15T10:30:00-00:00',
    '2024-02-29T00:00:00Z',
    '2000-02-29T12:00:00Z',
    '2023-12-31T23:59:59Z',
    '2024-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
  ])('accepts %s', (timestamp) => {
    expect(validate(bytes(eventWith('metric', { timestamp }))).ok).toBe(true);
  });

  it.each([
    ['no zone', '2024-01-15T10:30:00'],
    ['a date only', '2024-01-15'],
    ['a space separator', '2024-01-15 10:30:00Z'],
    ['February 30th', '2024-02-30T10:00:00Z'],
    ['February 29th in a common year', '2023-02-29T10:00:00Z'],
    ['February 29th in 1900', '1900-02-29T10:00:00Z'],
    ['April 31st', '2024-04-31T10:00:00Z'],
    ['month 13', '2024-13-01T10:00:00Z'],
    ['day 0', '2024-01-00T10:00:00Z'],
    ['hour 24', '2024-01-15T24:00:00Z'],
    ['minute 60', '2024-01-15T10:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['an offset without colon', '2024-01-15T10:30:00+0530'],
    ['an hour-only offset', '2024-01-15T10:30:00+05'],
    ['an offset of 24 hours', '2024-01-15T10:30:00+24:00'],
    ['epoch millis as a string', '1705314600000'],
    ['a human date', 'Mon, 15 Jan 2024 10:30:00 GMT'],
    ['an empty string', ''],
    ['a trailing newline', '2024-01-15T10:30:00Z\n'],
  ])('refuses %s (bad_timestamp)', (_name, timestamp) => {
    const error = errorOf(eventWith('metric', { timestamp }));
    expect(error.code).toBe('bad_timestamp');
    expect(error.path).toBe('/timestamp');
    expect(error.message).toMatch(/^timestamp must be an RFC 3339 date-time with a time zone/);
  });
});

describe('validate: data rules per event type', () => {
  const required: Array<[ValidKind, string]> = [
    ['user_action', 'user_id'],
    ['user_action', 'action'],
    ['user_action', 'session_duration'],
    ['transaction', 'transaction_id'],
    ['transaction', 'user_id'],
    ['transaction', 'amount'],
    ['transaction', 'currency'],
    ['metric', 'metric_name'],
    ['metric', 'value'],
    ['system_event', 'service'],
    ['system_event', 'level'],
    ['system_event', 'message'],
  ];

  it.each(required)('%s requires data.%s (missing_field)', (kind, field) => {
    expect(errorOf(eventWithout(kind, `data.${field}`))).toEqual({
      code: 'missing_field',
      path: `/data/${field}`,
      message: `missing required field data.${field}`,
    });
  });

  const numbers: Array<[ValidKind, string]> = [
    ['user_action', 'session_duration'],
    ['transaction', 'amount'],
    ['metric', 'value'],
  ];
  it.each(numbers)('%s data.%s given as a string is a wrong_type, not coerced', (kind, field) => {
    expect(errorOf(eventWith(kind, {}, { [field]: '12.5' }))).toEqual({
      code: 'wrong_type',
      path: `/data/${field}`,
      message: `data.${field} must be a number, got the string "12.5"`,
    });
  });

  it.each(numbers)('%s data.%s refuses NaN-like values', (kind, field) => {
    for (const value of ['NaN', 'Infinity', '-Infinity', null, true, [], {}]) {
      expect(errorOf(eventWith(kind, {}, { [field]: value })).code).toBe('wrong_type');
    }
  });

  it('refuses a number too large for a double (it parses to Infinity) as bad_value', () => {
    const text = JSON.stringify(eventWith('transaction', {}, { amount: 0 })).replace(
      '"amount":0',
      '"amount":1e400',
    );
    expect(errorOf(text)).toEqual({
      code: 'bad_value',
      path: '/data/amount',
      message: 'data.amount must be a finite number, got Infinity',
    });
  });

  it('accepts very large and very small finite numbers', () => {
    expect(validate(bytes(eventWith('metric', {}, { value: 1.7976931348623157e308 }))).ok).toBe(true);
    expect(validate(bytes(eventWith('metric', {}, { value: -5e-324 }))).ok).toBe(true);
  });

  const strings: Array<[ValidKind, string]> = required.filter(
    ([, field]) => !numbers.some(([, n]) => n === field),
  );
  it.each(strings)('%s data.%s must be a string (wrong_type)', (kind, field) => {
    const error = errorOf(eventWith(kind, {}, { [field]: 123 }));
    expect(error).toEqual({
      code: 'wrong_type',
      path: `/data/${field}`,
      message: `data.${field} must be a string, got number 123`,
    });
  });

  it.each([
    ['user_action', 'session_duration', -1, 'a number of seconds >= 0'],
    ['transaction', 'currency', 'usd', 'an ISO 4217 code of 3 upper-case letters'],
    ['transaction', 'currency', 'EURO', 'an ISO 4217 code of 3 upper-case letters'],
    ['transaction', 'currency', 'E1R', 'an ISO 4217 code of 3 upper-case letters'],
    ['system_event', 'level', 'FATAL', 'one of DEBUG, INFO, WARN, ERROR, CRITICAL'],
    ['system_event', 'level', 'info', 'one of DEBUG, INFO, WARN, ERROR, CRITICAL'],
    ['user_action', 'user_id', '', 'at least 1 character(s) long'],
    ['metric', 'metric_name', '', 'at least 1 character(s) long'],
  ] as Array<[ValidKind, string, unknown, string]>)(
    '%s data.%s = %j is a bad_value',
    (kind, field, value, expected) => {
      const error = errorOf(eventWith(kind, {}, { [field]: value }));
      expect(error.code).toBe('bad_value');
      expect(error.path).toBe(`/data/${field}`);
      expect(error.message).toContain(`data.${field} must be ${expected}`);
    },
  );

  it('accepts zero-length sessions, negative amounts and every level', () => {
    expect(validate(bytes(eventWith('user_action', {}, { session_duration: 0 }))).ok).toBe(true);
    expect(validate(bytes(eventWith('transaction', {}, { amount: -10 }))).ok).toBe(true);
    for (const level of ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']) {
      expect(validate(bytes(eventWith('system_event', {}, { level }))).ok).toBe(true);
    }
  });

  it('validates data by the schema of its own event_type', () => {
    // a valid metric payload under event_type transaction is missing transaction fields
    expect(errorOf(eventWith('metric', { event_type: 'transaction' })).code).toBe('missing_field');
  });
});

describe('validateEvent', () => {
  it('validates an already-parsed value the same way', () => {
    expect(validateEvent(validEvents.transaction)).toEqual({ ok: true, event: validEvents.transaction });
    expect(validateEvent([1])).toMatchObject({ ok: false, error: { code: 'not_object' } });
  });
});

describe('validate: structure the schemas cannot express', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 0;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('refuses nesting past MAX_NESTING_DEPTH without recursing into it, from bytes or a parsed value', () => {
    const atLimit = eventWith('metric', {}, { nested: nested(MAX_NESTING_DEPTH - 2) });
    expect(validate(bytes(atLimit)).ok).toBe(true);
    const deep = eventWith('metric', {}, { nested: nested(100_000) });
    expect(validateEvent(deep)).toMatchObject({ ok: false, error: { code: 'too_deep' } });
  });

  it('checks strings of a parsed value for lone surrogates (no text to say there are none)', () => {
    expect(validateEvent(eventWith('metric', {}, { note: 'a\ud800' }))).toMatchObject({
      ok: false,
      error: { code: 'lone_surrogate', path: '/data/note' },
    });
  });

  it('needs the text to see duplicate keys, which JSON.parse has already collapsed', () => {
    const text = JSON.stringify(validEvents.metric).replace('"value":', '"value":"shadowed","value":');
    const parsed: unknown = JSON.parse(text);
    expect(validateEvent(parsed).ok).toBe(true);
    expect(validateEvent(parsed, text)).toMatchObject({ ok: false, error: { code: 'duplicate_key' } });
  });

  it.each([
    [
      'too_deep before duplicate_key',
      '"a":1,"a":2,"n":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],',
      'too_deep',
    ],
    ['duplicate_key before forbidden_key', '"__proto__":1,"a":1,"a":2,', 'duplicate_key'],
    ['forbidden_key before lone_surrogate', '"__proto__":"\\ud800",', 'forbidden_key'],
    ['lone_surrogate before non-finite numbers', '"a":"\\ud800","b":1e400,', 'lone_surrogate'],
    ['non-finite numbers before the schemas', '"b":1e400,', 'bad_value'],
  ])('reports the first problem in a fixed order: %s', (_name, insert, code) => {
    // Without a timestamp, so the schemas would fail it too (missing_field) if nothing came first.
    const text = JSON.stringify(eventWithout('metric', 'timestamp')).replace('"data":{', `"data":{${insert}`);
    expect(errorOf(text).code).toBe(code);
  });
});
