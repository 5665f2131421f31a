import { parseProcessedLine, parseQuarantineLine, type RawLine, recordId } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_THRESHOLDS } from '../../src/enrichment/thresholds.js';
import { processedLine, quarantineLine, transformLine } from '../../src/lines.js';
import { rawLineOf } from '../helpers/factories.js';

const context = {
  rawObject: 's3://raw-bucket/raw/event_type=transaction/year=2024/month=01/day=15/hour=10/data_a.json',
  processedAt: '2024-01-15T10:31:00.000Z',
  thresholds: DEFAULT_THRESHOLDS,
};

describe('processedLine', () => {
  it('builds the line of docs/architecture.md §5, field for field and in that order', () => {
    const line = rawLineOf(
      'transaction',
      { amount: 1500, currency: 'EUR', channel: 'web' },
      { timestamp: '2024-01-15T23:30:00-05:00', event_id: 'evt-1', source: 'checkout' },
    ) as RawLine;
    const record = processedLine(line, context);
    expect(record).toEqual({
      record_id: recordId({ eventId: 'evt-1', shardId: '', sequenceNumber: '' }),
      event_id: 'evt-1',
      event_type: 'transaction',
      original_timestamp: '2024-01-15T23:30:00-05:00',
      source: 'checkout',
      original_data: line.data,
      enriched_data: {
        ...line.data,
        transaction_date: '2024-01-16',
        amount_category: 'large',
        is_high_value: true,
      },
      kinesis_metadata: line.kinesis_metadata,
      processed_timestamp: '2024-01-15T10:31:00.000Z',
      metadata: {
        source: 'kinesis-stream',
        processing_stage: 'transformed',
        version: '1.0',
        raw_object: context.rawObject,
      },
    });
    expect(Object.keys(record)).toEqual([
      'record_id',
      'event_id',
      'event_type',
      'original_timestamp',
      'source',
      'original_data',
      'enriched_data',
      'kinesis_metadata',
      'processed_timestamp',
      'metadata',
    ]);
    expect(record.enriched_data).toMatchObject({ channel: 'web' }); // extra data fields are kept
    expect(record.original_data).not.toHaveProperty('amount_category'); // the original stays original
  });

  it('leaves event_id and source out when the event has none, and the line still parses', () => {
    const { event_id: _id, source: _source, ...event } = rawLineOf('metric');
    const record = processedLine(event as RawLine, context);
    expect(record).not.toHaveProperty('event_id');
    expect(record).not.toHaveProperty('source');
    expect(parseProcessedLine(JSON.stringify(record))).toEqual({ ok: true, line: record });
  });

  it('takes the record id from event_id when there is one', () => {
    const line = rawLineOf('metric', {}, { event_id: 'a1b2' }) as RawLine;
    expect(processedLine(line, context).record_id).toBe(
      recordId({ eventId: 'a1b2', shardId: 'x', sequenceNumber: 'y' }),
    );
  });

  it('takes the record id from the shard and sequence number when there is no event_id', () => {
    const { event_id: _dropped, ...line } = rawLineOf('metric') as RawLine;
    const { shard_id, sequence_number } = line.kinesis_metadata;
    const id = processedLine(line as RawLine, context).record_id;
    expect(id).toBe(recordId({ shardId: shard_id, sequenceNumber: sequence_number }));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

const valid = rawLineOf('user_action');

function errorOf(line: string) {
  const outcome = transformLine(line, context);
  if (outcome.ok) throw new Error(`expected a failure for ${line}`);
  return outcome.error;
}

describe('transformLine', () => {
  it('transforms a valid raw line', () => {
    const outcome = transformLine(JSON.stringify(valid), context);
    expect(outcome.ok && JSON.parse(outcome.text).enriched_data).toMatchObject({ action_date: '2024-01-15' });
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
    [
      'no partition key (ingest writes all four stream fields)',
      JSON.stringify({ ...valid, kinesis_metadata: { ...valid.kinesis_metadata, partition_key: undefined } }),
      'missing_field',
      '/kinesis_metadata/partition_key',
    ],
  ])('quarantines %s with a specific reason', (_case, line, code, path) => {
    const error = errorOf(line);
    expect(error).toMatchObject({ code, path });
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe("the lines written, read back with the schema's parsers", () => {
  it('parses every processed line as it was written', () => {
    for (const type of ['transaction', 'user_action', 'metric', 'system_event'] as const) {
      const outcome = transformLine(JSON.stringify(rawLineOf(type)), context);
      if (!outcome.ok) throw new Error(`a valid ${type} line was refused: ${outcome.error.message}`);
      const { text } = outcome;
      expect(parseProcessedLine(text)).toEqual({ ok: true, line: JSON.parse(text) });
    }
  });

  it('parses a quarantine line as it was written', () => {
    const line = JSON.stringify(valid).slice(0, 40);
    const outcome = transformLine(line, context);
    if (outcome.ok) throw new Error('a truncated line was transformed');
    const text = JSON.stringify(
      quarantineLine({
        error: outcome.error,
        rawObject: context.rawObject,
        lineNumber: 7,
        quarantinedAt: '2024-01-15T10:31:00.000Z',
        line,
      }),
    );
    expect(parseQuarantineLine(text)).toEqual({ ok: true, line: JSON.parse(text) });
  });
});
