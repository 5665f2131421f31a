import { describe, expect, it } from '@jest/globals';
import { DEFAULT_THRESHOLDS } from '../../../src/transform/thresholds.js';
import { transformLine } from '../../../src/transform/transform-line.js';
import { rawLineOf } from '../../helpers/factories.js';

const context = {
  rawObject: 's3://b/raw/k.json',
  processedAt: '2024-01-15T10:31:00.000Z',
  thresholds: DEFAULT_THRESHOLDS,
};
const valid = rawLineOf('user_action');

function errorOf(line: string) {
  const outcome = transformLine(line, context);
  if (outcome.ok) throw new Error(`expected a failure for ${line}`);
  return outcome.error;
}

describe('transformLine', () => {
  it('transforms a valid raw line', () => {
    const outcome = transformLine(JSON.stringify(valid), context);
    expect(outcome.ok && outcome.record.enriched_data).toMatchObject({ action_date: '2024-01-15' });
  });

  it.each([
    ['truncated JSON', JSON.stringify(valid).slice(0, 40), 'not_json', ''],
    ['an array', JSON.stringify([valid]), 'not_object', ''],
    [
      'an unknown event type',
      JSON.stringify({ ...valid, event_type: 'page_view' }),
      'unknown_event_type',
      '/event_type',
    ],
    [
      'a timestamp without zone',
      JSON.stringify({ ...valid, timestamp: '2024-01-15T10:00:00' }),
      'bad_timestamp',
      '/timestamp',
    ],
    [
      'a wrongly typed field',
      JSON.stringify({ ...valid, data: { ...valid.data, session_duration: '5' } }),
      'wrong_type',
      '/data/session_duration',
    ],
    [
      'a forbidden key',
      JSON.stringify(valid).replace('"data":{', '"data":{"__proto__":{"x":1},'),
      'forbidden_key',
      '/data/__proto__',
    ],
    [
      'no kinesis_metadata',
      JSON.stringify({ ...valid, kinesis_metadata: undefined }),
      'missing_field',
      '/kinesis_metadata',
    ],
    [
      'kinesis_metadata not an object',
      JSON.stringify({ ...valid, kinesis_metadata: 'shard' }),
      'wrong_type',
      '/kinesis_metadata',
    ],
    [
      'no sequence number',
      JSON.stringify({ ...valid, kinesis_metadata: { shard_id: 's' } }),
      'missing_field',
      '/kinesis_metadata/sequence_number',
    ],
    [
      'an empty shard id',
      JSON.stringify({ ...valid, kinesis_metadata: { shard_id: '', sequence_number: '1' } }),
      'wrong_type',
      '/kinesis_metadata/shard_id',
    ],
  ])('quarantines %s with a specific reason', (_case, line, code, path) => {
    const error = errorOf(line);
    expect(error).toMatchObject({ code, path });
    expect(error.message.length).toBeGreaterThan(10);
  });
});
