import { describe, expect, it } from '@jest/globals';
import { identifyLine, recordId } from '../../../src/index.js';

const metadata = { shard_id: 'shardId-000000000001', sequence_number: '42' };
const position = { shardId: 'shardId-000000000001', sequenceNumber: '42' };

describe('identifyLine', () => {
  it('reads processed lines, ingest quarantine lines and transform quarantine lines', () => {
    expect(
      identifyLine({
        record_id: 'abc',
        kinesis_metadata: { ...metadata, approximate_arrival_timestamp: 1705312800.5 },
      }),
    ).toEqual({ id: 'abc', arrivedAt: 1705312800500 });
    expect(identifyLine({ error: { code: 'not_json' }, kinesis_metadata: metadata, payload: 'eyJ' })).toEqual(
      {
        id: recordId(position),
        code: 'not_json',
      },
    );
    expect(
      identifyLine({
        error: { code: 'bad_line' },
        line: JSON.stringify({ event_id: 'e-1', kinesis_metadata: metadata }),
      }),
    ).toEqual({ id: recordId({ eventId: 'e-1', ...position }), code: 'bad_line' });
    expect(identifyLine({ something: 'else' })).toBeUndefined();
  });

  it('identifies a kept raw line without event_id by its stream position', () => {
    expect(
      identifyLine({
        error: { code: 'transform_failed' },
        line: JSON.stringify({ kinesis_metadata: metadata }),
      }),
    ).toEqual({ id: recordId(position), code: 'transform_failed' });
  });

  it('names no record for a kept line that cannot be read or has no identity', () => {
    expect(identifyLine({ error: { code: 'not_json' }, line: '{"event_type":' })).toBeUndefined();
    expect(identifyLine({ error: { code: 'not_object' }, line: 'null' })).toBeUndefined();
    expect(
      identifyLine({ error: { code: 'missing_field' }, line: '{"event_type":"metric"}' }),
    ).toBeUndefined();
  });
});
