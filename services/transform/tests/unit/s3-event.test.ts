import { s3Event } from '@event-pipeline/runtime/testing';
import { describe, expect, it } from '@jest/globals';
import { decodeS3Key, sourceObjects } from '../../src/s3-event.js';

describe('decodeS3Key', () => {
  it.each([
    ['raw/event_type%3Dmetric/year%3D2024/data.json', 'raw/event_type=metric/year=2024/data.json'],
    ['raw/my+file.json', 'raw/my file.json'],
    ['raw/a%2Bb.json', 'raw/a+b.json'],
    ['raw/caf%C3%A9.json', 'raw/café.json'],
    ['raw/plain.json', 'raw/plain.json'],
  ])('%s -> %s', (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
  });
});

describe('sourceObjects', () => {
  it('reads bucket, decoded key, version and ETag of every record', () => {
    const event = s3Event(
      { key: 'raw/event_type=metric/a b.json', versionId: 'v1', eTag: 'e1' },
      { bucket: 'other', key: 'raw/x.json', eTag: 'e2', eventName: 'ObjectCreated:CompleteMultipartUpload' },
    );
    expect(event.Records[0]!.s3.object.key).toBe('raw/event_type%3Dmetric/a+b.json');
    expect(sourceObjects(event)).toEqual([
      {
        bucket: 'event-pipeline-test-raw',
        key: 'raw/event_type=metric/a b.json',
        versionId: 'v1',
        eTag: 'e1',
        eventName: 'ObjectCreated:Put',
      },
      {
        bucket: 'other',
        key: 'raw/x.json',
        versionId: undefined,
        eTag: 'e2',
        eventName: 'ObjectCreated:CompleteMultipartUpload',
      },
    ]);
  });

  it('treats an event without records as empty', () => {
    expect(sourceObjects({})).toEqual([]);
  });
});
