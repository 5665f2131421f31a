import { describe, expect, it } from '@jest/globals';
import { parseRawLine } from '../../../src/index.js';
import { rawLineOf, withField } from '../../helpers/lines.js';

const errorOf = (text: string) => {
  const result = parseRawLine(text);
  if (result.ok) throw new Error(`expected a failure for ${text}`);
  return result.error;
};

describe('parseRawLine', () => {
  it.each(['user_action', 'transaction', 'metric', 'system_event'] as const)(
    'returns a valid %s line as it is, kinesis_metadata included',
    (kind) => {
      const line = rawLineOf(kind);
      expect(parseRawLine(JSON.stringify(line))).toEqual({ ok: true, line });
    },
  );

  it('keeps fields of kinesis_metadata beyond the four it requires', () => {
    const line = withField(rawLineOf(), 'kinesis_metadata.subsequence', 3);
    expect(parseRawLine(JSON.stringify(line))).toEqual({ ok: true, line });
  });

  it.each([
    ['truncated JSON', JSON.stringify(rawLineOf()).slice(0, 40), 'not_json', ''],
    ['an array', JSON.stringify([rawLineOf()]), 'not_object', ''],
    [
      'an event that fails its schema',
      withField(rawLineOf(), 'data.session_duration', -1),
      'bad_value',
      '/data/session_duration',
    ],
    ['a duplicate key', '{"event_type":"metric","event_type":"metric"}', 'duplicate_key', '/event_type'],
    [
      'no kinesis_metadata',
      withField(rawLineOf(), 'kinesis_metadata', undefined),
      'missing_field',
      '/kinesis_metadata',
    ],
    [
      'kinesis_metadata not an object',
      withField(rawLineOf(), 'kinesis_metadata', 'shard'),
      'wrong_type',
      '/kinesis_metadata',
    ],
    [
      'no shard id',
      withField(rawLineOf(), 'kinesis_metadata.shard_id', undefined),
      'missing_field',
      '/kinesis_metadata/shard_id',
    ],
    [
      'an empty shard id',
      withField(rawLineOf(), 'kinesis_metadata.shard_id', ''),
      'wrong_type',
      '/kinesis_metadata/shard_id',
    ],
    [
      'no sequence number',
      withField(rawLineOf(), 'kinesis_metadata.sequence_number', undefined),
      'missing_field',
      '/kinesis_metadata/sequence_number',
    ],
    [
      'a numeric sequence number',
      withField(rawLineOf(), 'kinesis_metadata.sequence_number', 42),
      'wrong_type',
      '/kinesis_metadata/sequence_number',
    ],
    [
      'no partition key',
      withField(rawLineOf(), 'kinesis_metadata.partition_key', undefined),
      'missing_field',
      '/kinesis_metadata/partition_key',
    ],
    [
      'an arrival time as text',
      withField(rawLineOf(), 'kinesis_metadata.approximate_arrival_timestamp', '1705314600'),
      'wrong_type',
      '/kinesis_metadata/approximate_arrival_timestamp',
    ],
  ])('refuses %s with its code and path', (_case, line, code, path) => {
    const error = errorOf(typeof line === 'string' ? line : JSON.stringify(line));
    expect(error).toMatchObject({ code, path });
    expect(error.message).not.toBe('');
  });

  it('names the field in its message', () => {
    expect(errorOf(JSON.stringify(withField(rawLineOf(), 'kinesis_metadata.shard_id', '')))).toEqual({
      code: 'wrong_type',
      message: 'kinesis_metadata.shard_id must be a non-empty string',
      path: '/kinesis_metadata/shard_id',
    });
    expect(errorOf(JSON.stringify(withField(rawLineOf(), 'kinesis_metadata', undefined))).message).toBe(
      'missing required field kinesis_metadata (added by ingest)',
    );
  });
});
