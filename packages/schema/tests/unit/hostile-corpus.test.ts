import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES, validate } from '../../src/index.js';
import { type HostileCase, loadHostileCorpus, payloadOf } from '../helpers/hostile-corpus.js';

const corpus = loadHostileCorpus();
/** What issue 8 asks the corpus to hold, by topic. */
const REQUIRED_TOPICS = [
  'not_utf8:invalid_continuation',
  'not_utf8:overlong',
  'not_utf8:utf16_bom',
  'not_utf8:cesu_surrogate',
  'not_json',
  'not_object',
  'empty',
  'whitespace_only',
  'bom_json',
  'size_limit_exact',
  'size_limit_over',
  'nesting_10000',
  'deep_arrays',
  'proto_keys',
  'huge_numbers',
  'numbers_as_strings',
  'wrong_types',
  'missing_field',
  'timestamp_no_zone',
  'timestamp_far_past',
  'timestamp_far_future',
  'timestamp_invalid_date',
  'control_characters',
  'invalid_surrogates',
  'duplicate_keys',
  'long_keys',
  'nul_bytes',
];

const label = (entry: HostileCase): string => `${entry.name} -> ${entry.expected_code}`;

describe('hostile input corpus: the fixture itself', () => {
  it('holds at least 60 uniquely named cases covering every error code and every topic issue 8 lists', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.expected_code))).toEqual(new Set([...ERROR_CODES, 'valid']));
    const topics = new Set(corpus.map((c) => c.topic));
    for (const topic of REQUIRED_TOPICS) expect(topics).toContain(topic);
  });

  it('builds its recipes to the sizes they promise', () => {
    const sized = (name: string) => payloadOf(corpus.find((c) => c.name === name)!).length;
    expect(sized('exactly 1 MiB (the limit), valid')).toBe(1024 * 1024);
    expect(sized('exactly 1 MiB of multi-byte characters, valid')).toBe(1024 * 1024);
    expect(sized('1 MiB + 1 byte')).toBe(1024 * 1024 + 1);
    const deep = payloadOf(corpus.find((c) => c.name === 'arrays nested 10,000 deep in data')!).toString();
    expect(deep).toContain(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep).not.toContain('['.repeat(10_001));
  });

  it('keeps its UTF-8 cases and its not-UTF-8 cases apart', () => {
    for (const entry of corpus) {
      if (entry.expected_code === 'not_utf8') expect(isUtf8(payloadOf(entry))).toBe(false);
    }
  });
});

describe('hostile input corpus through validate', () => {
  it.each(corpus.map((entry) => [label(entry), entry] as const))('%s', (_label, entry) => {
    const bytes = payloadOf(entry);
    const result = validate(bytes);
    if (entry.expected_code === 'valid') {
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      // What the raw lake writes is one line that validates again and re-serialises identically.
      const line = JSON.stringify(result.event);
      expect(line).not.toContain('\n');
      const again = validate(Buffer.from(line));
      expect(again.ok && JSON.stringify(again.event)).toBe(line);
      return;
    }
    expect(result).toMatchObject({ ok: false, error: { code: entry.expected_code } });
    if (result.ok) return;
    if (entry.expected_path !== undefined) expect(result.error.path).toBe(entry.expected_path);
    // Messages go into quarantine lines and logs: specific, but never the whole record.
    expect(result.error.message.length).toBeGreaterThan(20);
    expect(result.error.message.length).toBeLessThan(600);
    expect(validate(bytes)).toEqual(result);
  });
});
