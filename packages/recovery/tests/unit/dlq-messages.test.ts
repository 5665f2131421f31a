import { s3Event, sequenceNumber } from '@event-pipeline/runtime/testing';
import { describe, expect, it } from '@jest/globals';
import { DlqMessageError, parseIngestFailure, parseTransformFailure } from '../../src/dlq-messages.js';
import {
  ingestDlqBody,
  RAW_BUCKET,
  STREAM_ARN,
  shardRecords,
  transformDlqBody,
} from '../helpers/factories.js';

describe('parseIngestFailure', () => {
  it("reads the mapping's on-failure record: the shard, the sequence range and its size", () => {
    const records = shardRecords(5, { from: 3 });
    expect(parseIngestFailure(ingestDlqBody(records))).toEqual({
      shardId: 'shardId-000000000000',
      startSequenceNumber: sequenceNumber(3),
      endSequenceNumber: sequenceNumber(7),
      batchSize: 5,
      streamArn: STREAM_ARN,
      condition: 'RetryAttemptsExhausted',
      failedAt: '2024-01-15T10:35:00.000Z',
    });
  });

  it.each([
    [undefined, /no body/],
    ['not json', /not JSON/],
    ['[1]', /not a JSON object/],
    ['{"requestPayload":{}}', /no KinesisBatchInfo/],
  ])('refuses %p, saying what it is not', (body, message) => {
    expect(() => parseIngestFailure(body)).toThrow(DlqMessageError);
    expect(() => parseIngestFailure(body)).toThrow(message);
  });

  it('names every malformed field of KinesisBatchInfo', () => {
    const body = JSON.parse(ingestDlqBody(shardRecords(2)));
    body.KinesisBatchInfo.startSequenceNumber = 12;
    body.KinesisBatchInfo.batchSize = 0;
    body.KinesisBatchInfo.streamArn = 'arn:aws:sqs:us-east-1:1:queue';
    expect(() => parseIngestFailure(JSON.stringify(body))).toThrow(
      /startSequenceNumber must be a string of decimal digits.*batchSize must be an integer within 1..10000.*streamArn must be a Kinesis stream ARN/,
    );
  });

  it('refuses a range that ends before it starts', () => {
    const body = JSON.parse(ingestDlqBody(shardRecords(2)));
    body.KinesisBatchInfo.startSequenceNumber = sequenceNumber(9);
    expect(() => parseIngestFailure(JSON.stringify(body))).toThrow(/after endSequenceNumber/);
  });
});

describe('parseTransformFailure', () => {
  it('reads the failed S3 event back, with the keys decoded as S3 encoded them', () => {
    const key = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_a b+c.json';
    const event = s3Event({ bucket: RAW_BUCKET, key });
    const failed = parseTransformFailure(transformDlqBody(event));
    expect(failed.event).toEqual(event);
    expect(failed.objects).toEqual([{ bucket: RAW_BUCKET, key }]);
    expect(failed.condition).toBe('RetriesExhausted');
    expect(failed.error).toBe('Error: could not write s3://processed/x: SlowDown');
  });

  it('refuses a record without an S3 event, or an S3 record without bucket and key', () => {
    expect(() => parseTransformFailure(JSON.stringify({ requestPayload: { Records: [] } }))).toThrow(
      /requestPayload.Records must be a non-empty list/,
    );
    expect(() =>
      parseTransformFailure(
        JSON.stringify({ requestPayload: { Records: [{ s3: { bucket: { name: 'b' } } }] } }),
      ),
    ).toThrow(/Records\[0\] must have s3.bucket.name and s3.object.key/);
    expect(() => parseTransformFailure(ingestDlqBody(shardRecords(1)))).toThrow(DlqMessageError);
  });
});
