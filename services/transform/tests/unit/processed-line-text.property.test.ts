/**
 * Property-based: the processed line the transformer writes (built as text, the data
 * serialised once) is byte for byte `JSON.stringify(processedLine(raw, context))`, for raw
 * lines of every type with hostile extra data (unicode, escapes, numbers, nesting, data that
 * already has an enrichment field, integer-like keys), with or without event_id and source.
 */

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_THRESHOLDS } from '../../src/enrichment/thresholds.js';
import { type LineContext, processedLine, transformLine } from '../../src/lines.js';
import { rawLines } from '../helpers/factories.js';

const samples = rawLines(60);
// String.prototype.isWellFormed is ES2024; the project's lib is ES2023.
const wellFormed = (t: string): boolean => (t as string & { isWellFormed(): boolean }).isWellFormed();
const ENRICHMENT_KEYS = [
  'transaction_date',
  'amount_category',
  'is_high_value',
  'action_date',
  'value_range',
];

const text = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '😀', 'é', '/', 'a'),
    maxLength: 8,
  }),
);
const key = fc.oneof(text, fc.constantFrom(...ENRICHMENT_KEYS, '0', '7', '42', 'toJSON'));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 3 }),
  ),
})).node;

const rawLine = fc
  .record({
    base: fc.constantFrom(...samples),
    extra: fc.dictionary(key, value, { maxKeys: 4 }),
    eventId: fc.option(
      text.filter((t) => t.length > 0 && wellFormed(t)),
      { nil: undefined },
    ),
    source: fc.option(text.filter(wellFormed), { nil: undefined }),
    keepIds: fc.boolean(),
  })
  .map(({ base, extra, eventId, source, keepIds }) => {
    const line = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    const data = line.data as Record<string, unknown>;
    // Extras go after the fields the schema checks, so the line stays valid.
    for (const [k, v] of Object.entries(extra)) if (!(k in data) && k !== '__proto__') data[k] = v;
    if (!keepIds) {
      delete line.event_id;
      delete line.source;
      if (eventId !== undefined) line.event_id = eventId;
      if (source !== undefined) line.source = source;
    }
    return JSON.stringify(line);
  });

const context: LineContext = {
  rawObject: 's3://raw/raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_"quoted".json',
  processedAt: '2024-01-15T10:31:00.000Z',
  thresholds: DEFAULT_THRESHOLDS,
};

describe('processed line text', () => {
  it('is byte for byte JSON.stringify of processedLine', () => {
    let transformed = 0;
    fc.assert(
      fc.property(rawLine, (line) => {
        const outcome = transformLine(line, context);
        if (!outcome.ok) return; // a lone surrogate or a forbidden key: quarantined, as before
        transformed++;
        expect(outcome.text).toBe(JSON.stringify(processedLine(JSON.parse(line), context)));
        expect(outcome.timestamp).toBe(JSON.parse(line).timestamp);
      }),
      { numRuns: 500 },
    );
    expect(transformed).toBeGreaterThan(250);
  });

  it('keeps an enrichment field the data already has in its place, with the derived value', () => {
    const [sample] = samples.filter((line) => line.event_type === 'transaction');
    const line = { ...sample!, data: { transaction_date: 'sent', ...sample!.data } };
    const outcome = transformLine(JSON.stringify(line), context);
    if (!outcome.ok) throw new Error(outcome.error.message);
    const enriched = JSON.parse(outcome.text).enriched_data;
    expect(Object.keys(enriched)[0]).toBe('transaction_date');
    expect(enriched.transaction_date).toBe(line.timestamp.slice(0, 10));
    expect(outcome.text).toBe(JSON.stringify(processedLine(line, context)));
  });
});
