import { recordId } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { buildOutputRecord } from '../../../src/transform/output-record.js';
import type { RawLineEvent } from '../../../src/transform/raw-line.js';
import { DEFAULT_THRESHOLDS } from '../../../src/transform/thresholds.js';
import { rawLineOf } from '../../helpers/factories.js';

const context = {
  rawObject: 's3://raw-bucket/raw/event_type=transaction/year=2024/month=01/day=15/hour=10/data_a.json',
  processedAt: '2024-01-15T10:31:00.000Z',
  thresholds: DEFAULT_THRESHOLDS,
};

describe('buildOutputRecord', () => {
  it('builds the line of design.md §5, field for field and in that order', () => {
    const line = rawLineOf(
      'transaction',
      { amount: 1500, currency: 'EUR', channel: 'web' },
      { timestamp: '2024-01-15T23:30:00-05:00', event_id: 'evt-1' },
    ) as RawLineEvent;
    const record = buildOutputRecord(line, context);
    expect(record).toEqual({
      record_id: recordId({ eventId: 'evt-1', shardId: '', sequenceNumber: '' }),
      event_type: 'transaction',
      original_timestamp: '2024-01-15T23:30:00-05:00',
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
      'event_type',
      'original_timestamp',
      'original_data',
      'enriched_data',
      'kinesis_metadata',
      'processed_timestamp',
      'metadata',
    ]);
    expect(record.enriched_data).toMatchObject({ channel: 'web' }); // extra data fields are kept
    expect(record.original_data).not.toHaveProperty('amount_category'); // the original stays original
  });

  it('takes the record id from event_id when there is one', () => {
    const line = rawLineOf('metric', {}, { event_id: 'a1b2' }) as RawLineEvent;
    expect(buildOutputRecord(line, context).record_id).toBe(
      recordId({ eventId: 'a1b2', shardId: 'x', sequenceNumber: 'y' }),
    );
  });

  it('takes the record id from the shard and sequence number when there is no event_id', () => {
    const { event_id: _dropped, ...line } = rawLineOf('metric') as RawLineEvent;
    const { shard_id, sequence_number } = line.kinesis_metadata;
    const id = buildOutputRecord(line as RawLineEvent, context).record_id;
    expect(id).toBe(recordId({ shardId: shard_id, sequenceNumber: sequence_number }));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});
