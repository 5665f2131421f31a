import { describe, expect, it } from '@jest/globals';
import { parseQuarantineLine, QUARANTINE_CODES } from '../../../src/index.js';
import { ingestQuarantineLine, transformQuarantineLine, withField } from '../../helpers/lines.js';

const errorOf = (line: unknown) => {
  const result = parseQuarantineLine(typeof line === 'string' ? line : JSON.stringify(line));
  if (result.ok) throw new Error(`expected a failure for ${JSON.stringify(line)}`);
  return result.error;
};

describe('parseQuarantineLine', () => {
  it('returns an ingest quarantine line as it is, told apart by its payload', () => {
    const line = ingestQuarantineLine();
    const result = parseQuarantineLine(JSON.stringify(line));
    expect(result).toEqual({ ok: true, line });
    expect(result.ok && 'payload' in result.line).toBe(true);
  });

  it('returns a transform quarantine line as it is, told apart by its line', () => {
    const line = transformQuarantineLine();
    const result = parseQuarantineLine(JSON.stringify(line));
    expect(result).toEqual({ ok: true, line });
    expect(result.ok && 'line' in result.line).toBe(true);
  });

  it('knows every validation code and the transform failure as reasons', () => {
    expect(QUARANTINE_CODES).toContain('not_utf8');
    expect(QUARANTINE_CODES).toContain('transform_failed');
    for (const code of QUARANTINE_CODES) {
      expect(
        parseQuarantineLine(JSON.stringify(withField(transformQuarantineLine(), 'error.code', code))).ok,
      ).toBe(true);
    }
  });

  it.each([
    ['truncated JSON', '{"error":', 'not_json', ''],
    ['an array', '[]', 'not_object', ''],
    [
      'neither payload nor line',
      { error: { code: 'not_json', message: 'm', path: '' } },
      'missing_field',
      '',
    ],
    [
      'an ingest line without error',
      withField(ingestQuarantineLine(), 'error', undefined),
      'missing_field',
      '/error',
    ],
    [
      'an ingest line with an unknown code',
      withField(ingestQuarantineLine(), 'error.code', 'oops'),
      'bad_value',
      '/error/code',
    ],
    [
      'an ingest line with the transform-only code',
      withField(ingestQuarantineLine(), 'error.code', 'transform_failed'),
      'bad_value',
      '/error/code',
    ],
    [
      'an ingest line without error path',
      withField(ingestQuarantineLine(), 'error.path', undefined),
      'missing_field',
      '/error/path',
    ],
    [
      'an ingest line without kinesis_metadata',
      withField(ingestQuarantineLine(), 'kinesis_metadata', undefined),
      'missing_field',
      '/kinesis_metadata',
    ],
    [
      'an ingest line without partition key',
      withField(ingestQuarantineLine(), 'kinesis_metadata.partition_key', undefined),
      'missing_field',
      '/kinesis_metadata/partition_key',
    ],
    [
      'an ingest line received at no time',
      withField(ingestQuarantineLine(), 'received_at', 'soon'),
      'bad_timestamp',
      '/received_at',
    ],
    [
      'an ingest line whose payload is no base64',
      withField(ingestQuarantineLine(), 'payload', 'not base64!'),
      'bad_value',
      '/payload',
    ],
    [
      'a transform line with a numeric code',
      withField(transformQuarantineLine(), 'error.code', 3),
      'wrong_type',
      '/error/code',
    ],
    [
      'a transform line without raw object',
      withField(transformQuarantineLine(), 'raw_object', undefined),
      'missing_field',
      '/raw_object',
    ],
    [
      'a transform line at line 0',
      withField(transformQuarantineLine(), 'line_number', 0),
      'bad_value',
      '/line_number',
    ],
    [
      'a transform line at line 1.5',
      withField(transformQuarantineLine(), 'line_number', 1.5),
      'bad_value',
      '/line_number',
    ],
    [
      'a transform line quarantined at no time',
      withField(transformQuarantineLine(), 'quarantined_at', 0),
      'wrong_type',
      '/quarantined_at',
    ],
    [
      'a transform line whose line is an object',
      withField(transformQuarantineLine(), 'line', {}),
      'wrong_type',
      '/line',
    ],
  ])('refuses %s with its code and path', (_case, line, code, path) => {
    const error = errorOf(line);
    expect(error).toMatchObject({ code, path });
    expect(error.message).not.toBe('');
  });
});
