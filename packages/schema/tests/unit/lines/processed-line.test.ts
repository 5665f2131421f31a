import { describe, expect, it } from '@jest/globals';
import { parseProcessedLine } from '../../../src/index.js';
import { processedLine, withField } from '../../helpers/lines.js';

const errorOf = (line: unknown) => {
  const result = parseProcessedLine(typeof line === 'string' ? line : JSON.stringify(line));
  if (result.ok) throw new Error(`expected a failure for ${JSON.stringify(line)}`);
  return result.error;
};

describe('parseProcessedLine', () => {
  it('returns a valid line as it is', () => {
    const line = processedLine();
    expect(parseProcessedLine(JSON.stringify(line))).toEqual({ ok: true, line });
  });

  it("returns a line with the event's event_id and source as it is", () => {
    const line = { ...processedLine(), event_id: 'evt-42', source: 'agent-7' };
    expect(parseProcessedLine(JSON.stringify(line))).toEqual({ ok: true, line });
  });

  it.each([
    ['truncated JSON', JSON.stringify(processedLine()).slice(0, 30), 'not_json', ''],
    ['a string', '"processed"', 'not_object', ''],
    ['no record id', withField(processedLine(), 'record_id', undefined), 'missing_field', '/record_id'],
    ['a numeric record id', withField(processedLine(), 'record_id', 7), 'wrong_type', '/record_id'],
    [
      'a record id that is no SHA-256',
      withField(processedLine(), 'record_id', 'abc'),
      'bad_value',
      '/record_id',
    ],
    ['no event type', withField(processedLine(), 'event_type', undefined), 'missing_field', '/event_type'],
    [
      'an unknown event type',
      withField(processedLine(), 'event_type', 'page_view'),
      'unknown_event_type',
      '/event_type',
    ],
    [
      'no original timestamp',
      withField(processedLine(), 'original_timestamp', undefined),
      'missing_field',
      '/original_timestamp',
    ],
    [
      'an original timestamp without zone',
      withField(processedLine(), 'original_timestamp', '2024-01-15T10:30:00'),
      'bad_timestamp',
      '/original_timestamp',
    ],
    [
      'no original data',
      withField(processedLine(), 'original_data', undefined),
      'missing_field',
      '/original_data',
    ],
    [
      'original data that fails its type schema',
      withField(processedLine(), 'original_data.value', 'high'),
      'wrong_type',
      '/original_data/value',
    ],
    [
      'original data of another type',
      withField(processedLine(), 'event_type', 'transaction'),
      'missing_field',
      '/original_data/transaction_id',
    ],
    [
      'a forbidden key in the original data',
      JSON.stringify(processedLine()).replace('"original_data":{', '"original_data":{"__proto__":{},'),
      'forbidden_key',
      '/original_data/__proto__',
    ],
    ['a numeric event id', withField(processedLine(), 'event_id', 42), 'wrong_type', '/event_id'],
    ['an empty event id', withField(processedLine(), 'event_id', ''), 'bad_value', '/event_id'],
    ['a source as a list', withField(processedLine(), 'source', ['agent']), 'wrong_type', '/source'],
    [
      'a source longer than the contract allows',
      withField(processedLine(), 'source', 's'.repeat(257)),
      'bad_value',
      '/source',
    ],
    [
      'no enriched data',
      withField(processedLine(), 'enriched_data', undefined),
      'missing_field',
      '/enriched_data',
    ],
    [
      'enriched data as a list',
      withField(processedLine(), 'enriched_data', []),
      'wrong_type',
      '/enriched_data',
    ],
    [
      'no kinesis_metadata',
      withField(processedLine(), 'kinesis_metadata', undefined),
      'missing_field',
      '/kinesis_metadata',
    ],
    [
      'no sequence number',
      withField(processedLine(), 'kinesis_metadata.sequence_number', undefined),
      'missing_field',
      '/kinesis_metadata/sequence_number',
    ],
    [
      'no processed timestamp',
      withField(processedLine(), 'processed_timestamp', undefined),
      'missing_field',
      '/processed_timestamp',
    ],
    [
      'a processed timestamp that is no date',
      withField(processedLine(), 'processed_timestamp', 'yesterday'),
      'bad_timestamp',
      '/processed_timestamp',
    ],
    ['no metadata', withField(processedLine(), 'metadata', undefined), 'missing_field', '/metadata'],
    ['metadata as text', withField(processedLine(), 'metadata', 's3://x'), 'wrong_type', '/metadata'],
    [
      'no raw object',
      withField(processedLine(), 'metadata.raw_object', undefined),
      'missing_field',
      '/metadata/raw_object',
    ],
    [
      'an empty raw object',
      withField(processedLine(), 'metadata.raw_object', ''),
      'wrong_type',
      '/metadata/raw_object',
    ],
    [
      'a numeric version',
      withField(processedLine(), 'metadata.version', 1),
      'wrong_type',
      '/metadata/version',
    ],
  ])('refuses %s with its code and path', (_case, line, code, path) => {
    const error = errorOf(line);
    expect(error).toMatchObject({ code, path });
    expect(error.message).not.toBe('');
  });

  it("names the line's fields in its messages, not the event's", () => {
    expect(errorOf(withField(processedLine(), 'original_data.value', 'high')).message).toBe(
      'original_data.value must be a number, got the string "high"',
    );
    expect(errorOf(withField(processedLine(), 'original_timestamp', undefined)).message).toBe(
      'missing required field original_timestamp',
    );
  });

  it('reports the first problem in the order of the line', () => {
    const line = withField(withField(processedLine(), 'metadata', undefined), 'record_id', undefined);
    expect(errorOf(line).path).toBe('/record_id');
  });
});
