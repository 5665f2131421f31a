/**
 * Property-based: a raw line made by splicing `kinesis_metadata` into the record's own text
 * (planBatch's fast path) is what the re-serialising path (`rawLine`) makes, as readers see it:
 * one line, valid JSON, parsing to the same value, and re-serialised, byte for byte the same
 * text. Records are written every way JSON allows (whitespace, escapes, number spellings,
 * pretty-printed) and hostile ways it does not (BOM, duplicate keys, lone surrogates, too
 * deep); metadata has hostile partition keys and arrival times.
 */

import { type KinesisMetadata, type PipelineEvent, validate } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import type { KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { planBatch } from '../../src/batch-plan.js';
import { rawLine } from '../../src/lines.js';
import { kinesisEventProblems } from '../../src/middleware/kinesis-envelope.js';
import { validSamples } from '../helpers/factories.js';

const SHARD_ID = 'shardId-000000000007';
const SEQUENCE_NUMBER = '49654321098765432109876543210987654321098765432109876546';

/** Choices the formatter takes in turn: whitespace, escapes, number spellings, duplicates. */
interface Style {
  choices: number[];
  /** Whitespace between tokens may hold line breaks (a pretty-printed record). */
  lineBreaks: boolean;
}

const BLANKS = ['', ' ', '\t', '  '];
const BREAKS = ['\n', '\r\n', '\r', ' \n\t'];

/** Writes a JSON value the way `style` picks, always valid JSON for the same value (or a duplicate key). */
function format(value: unknown, style: Style): string {
  let next = 0;
  const choose = (options: number): number => {
    const choice = style.choices[next++ % style.choices.length] ?? 0;
    return choice % options;
  };
  const blank = (): string => {
    const pool = style.lineBreaks && choose(3) === 0 ? BREAKS : BLANKS;
    return pool[choose(pool.length)]!;
  };
  const string = (text: string): string => {
    const plain = JSON.stringify(text);
    switch (choose(4)) {
      case 0: // every character beyond ASCII, and every `/`, escaped
        return plain.replace(/[^\x20-\x7e]|\//g, (c) =>
          c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
      case 1: // U+2028 and U+2029 escaped (JSON.stringify keeps them raw)
        return plain.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
      default:
        return plain;
    }
  };
  const number = (n: number): string => {
    switch (choose(4)) {
      case 0:
        return n.toExponential();
      case 1:
        return Number.isInteger(n) && Math.abs(n) < 1e15 ? `${n}.000` : String(n);
      default:
        return JSON.stringify(n);
    }
  };
  const write = (node: unknown): string => {
    if (typeof node === 'string') return string(node);
    if (typeof node === 'number') return number(node);
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    if (Array.isArray(node)) return `[${blank()}${node.map(write).join(`${blank()},${blank()}`)}${blank()}]`;
    const members = Object.entries(node).map(([k, v]) => `${string(k)}${blank()}:${blank()}${write(v)}`);
    // Now and then a member twice: JSON.parse keeps the last, so the value stays the same.
    if (members.length > 0 && choose(40) === 0) members.push(members[members.length - 1]!);
    return `{${blank()}${members.join(`${blank()},${blank()}`)}${blank()}}`;
  };
  return `${blank()}${write(value)}${blank()}`;
}

/** Characters that stress JSON text: escapes, controls, line separators, surrogates, astral. */
const hostileChar = fc.constantFrom(
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uFFFD',
  'é',
  '漢',
  '😀',
  '\ud800',
  '\udfff',
  'a',
  ':',
  '{',
  '}',
);
const hostileString = fc.oneof(
  fc.string({ unit: hostileChar, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
const jsonNumberValue = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 2 ** 53 + 2, -1.5e-300),
);
const leaf = fc.oneof(hostileString, jsonNumberValue, fc.boolean(), fc.constant(null));
const nested: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('node'), { maxKeys: 3 }),
  ),
})).node;

/** A value nested `depth` arrays deep (past 64 is refused as too deep). */
const deep = fc.integer({ min: 60, max: 70 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth - 2; i++) value = [value];
  return value;
});

const samples = validSamples(40, 15).flatMap((sample) => (sample.valid ? [sample.event] : []));

/** A valid event with hostile extras (which may make it invalid: lone surrogates, too deep, forbidden keys). */
const event = fc
  .record({
    base: fc.constantFrom(...samples),
    extraData: fc.dictionary(hostileString, fc.oneof(nested, deep), { maxKeys: 3 }),
    extraTop: fc.dictionary(hostileString, nested, { maxKeys: 2 }),
    producerMetadata: fc.option(nested, { nil: undefined, freq: 4 }),
  })
  .map(({ base, extraData, extraTop, producerMetadata }) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    Object.assign(copy.data as object, extraData);
    for (const [key, value] of Object.entries(extraTop)) if (!(key in copy)) copy[key] = value;
    if (producerMetadata !== undefined) copy.kinesis_metadata = producerMetadata;
    return copy;
  });

const text = fc
  .record({
    value: event,
    style: fc.record({
      choices: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
      lineBreaks: fc.boolean(),
    }),
    bom: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ value, style, bom }) => ({
    recordText: `${bom ? '\uFEFF' : ''}${format(value, style)}`,
    // What the splice takes: one line, no byte order mark, no metadata of the producer's.
    spliceable: !style.lineBreaks && !bom && !Object.hasOwn(value, 'kinesis_metadata'),
  }));

const metadata = fc.record({
  partitionKey: fc.oneof(hostileString, fc.uuid()),
  arrival: fc.oneof(
    fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => ms / 1000),
    // Any finite double: the envelope refuses one a Date cannot hold (a quarantine folder is
    // named after the arrival hour), the plan takes any other.
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
});

function kinesisRecord(bytes: Buffer, partitionKey: string, arrival: number): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber: SEQUENCE_NUMBER,
      data: bytes.toString('base64'),
      approximateArrivalTimestamp: arrival,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${SHARD_ID}:${SEQUENCE_NUMBER}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/ingest',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
  };
}

describe('raw lines: the splice against JSON.stringify', () => {
  it('gives, for any record ingest accepts, one line that reads as the re-serialised one', () => {
    fc.assert(
      fc.property(text, metadata, ({ recordText, spliceable }, { partitionKey, arrival }) => {
        const bytes = Buffer.from(recordText);
        const result = validate(bytes);
        const record = kinesisRecord(bytes, partitionKey, arrival);
        // As the handler does: the envelope first, and only a batch it accepts is planned.
        const problems = kinesisEventProblems({ Records: [record] });
        const dateHolds = !Number.isNaN(new Date(Math.round(arrival * 1000)).getTime());
        expect(problems).toEqual(
          dateHolds ? [] : ['Records[0].kinesis.approximateArrivalTimestamp must be epoch seconds'],
        );
        if (!dateHolds) return;
        const plan = planBatch([record]);
        expect(plan.objects).toHaveLength(1);
        const [object] = plan.objects;
        expect(object!.kind).toBe(result.ok ? 'raw' : 'quarantine');
        if (!result.ok) return;

        const body = object!.body.toString('utf8');
        // One line: a newline at its end and no line break (as any reader splits) inside.
        expect(body.endsWith('\n')).toBe(true);
        const line = body.slice(0, -1);
        expect(line).not.toMatch(/[\n\r]/);

        const expected = rawLine(JSON.parse(recordText.replace(/^\uFEFF/, '')) as PipelineEvent, {
          shard_id: SHARD_ID,
          sequence_number: SEQUENCE_NUMBER,
          partition_key: partitionKey,
          approximate_arrival_timestamp: arrival,
        } satisfies KinesisMetadata);
        expect(JSON.parse(line)).toEqual(JSON.parse(expected));
        expect(JSON.stringify(JSON.parse(line))).toBe(expected);

        // The splice keeps the producer's text (its whitespace, escapes and number spellings):
        // the fast path, not the fallback, made the line.
        if (spliceable) expect(line.startsWith(recordText.slice(0, recordText.lastIndexOf('}')))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('re-serialises a record that is pretty-printed, has a BOM or brings its own kinesis_metadata', () => {
    const [sample] = samples;
    const metadataOf = (key: string): KinesisMetadata => ({
      shard_id: SHARD_ID,
      sequence_number: SEQUENCE_NUMBER,
      partition_key: key,
      approximate_arrival_timestamp: 1705312800.25,
    });
    const cases = [
      JSON.stringify(sample, null, 2),
      JSON.stringify(sample).replace(',', ',\r'),
      JSON.stringify({ ...sample, kinesis_metadata: { forged: true } }),
      JSON.stringify({ kinesis_metadata: 'first', ...sample }),
    ];
    for (const recordText of cases) {
      const plan = planBatch([kinesisRecord(Buffer.from(recordText), 'pk', 1705312800.25)]);
      const line = plan.objects[0]!.body.toString('utf8');
      // Exactly the re-serialised text: the producer's metadata replaced in its place.
      expect(line).toBe(`${rawLine(JSON.parse(recordText), metadataOf('pk'))}\n`);
    }
  });

  it('keeps the text of a compact record and adds the metadata as its last member', () => {
    const recordText =
      '{"event_type":"metric", "timestamp":"2024-01-15T10:00:00Z","data":{"metric_name":"a\\/b","value":1.50}} ';
    const plan = planBatch([kinesisRecord(Buffer.from(recordText), 'key "1"', 1705312800.001)]);
    expect(plan.objects[0]!.body.toString('utf8')).toBe(
      `{"event_type":"metric", "timestamp":"2024-01-15T10:00:00Z","data":{"metric_name":"a\\/b","value":1.50},"kinesis_metadata":{"shard_id":"${SHARD_ID}","sequence_number":"${SEQUENCE_NUMBER}","partition_key":"key \\"1\\"","approximate_arrival_timestamp":1705312800.001}}\n`,
    );
  });
});
