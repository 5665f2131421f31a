/**
 * What the pipeline must make of a record read from the stream, whoever produced it: a
 * valid event must be processed under its record id, an invalid one quarantined under its
 * stream position with the reason the validator gives.
 */
import { recordId, validate } from '@event-pipeline/schema';
import type { ShardRecord } from '../kinesis/lambda-event.js';
import type { ProducedRecord } from '../producer/producer.js';

export function expectationOf(record: ShardRecord): ProducedRecord {
  const position = { shardId: record.shardId, sequenceNumber: record.sequenceNumber };
  const sentAt = record.approximateArrivalTimestamp.getTime();
  const result = validate(record.data);
  if (result.ok)
    return {
      recordId: recordId({ eventId: result.event.event_id, ...position }),
      ...position,
      valid: true,
      sentAt,
    };
  return { recordId: recordId(position), ...position, valid: false, expectedCode: result.error.code, sentAt };
}
