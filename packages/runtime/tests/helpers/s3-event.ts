/** S3 notifications as Lambda delivers them (ObjectCreated events of a bucket). */
import type { S3Event } from 'aws-lambda';

/** The bucket an object is in unless it says otherwise. */
const DEFAULT_BUCKET = 'event-pipeline-test-raw';

/** S3 encodes notification keys like an HTML form: per segment, a space as `+`, `=` as `%3D`. */
function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('%20', '+'))
    .join('/');
}

export interface S3RecordInput {
  bucket?: string;
  /** The decoded key; the notification carries it encoded. */
  key: string;
  versionId?: string;
  eTag?: string;
  size?: number;
  eventName?: string;
}

export function s3Event(...objects: S3RecordInput[]): S3Event {
  return {
    Records: objects.map(
      ({
        bucket = DEFAULT_BUCKET,
        key,
        versionId,
        eTag = '0123456789abcdef0123456789abcdef',
        size = 1024,
        eventName = 'ObjectCreated:Put',
      }) => ({
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2024-01-15T10:31:00.000Z',
        eventName,
        userIdentity: { principalId: 'AWS:AROAEXAMPLE:event-pipeline-ingest-dev-processor' },
        requestParameters: { sourceIPAddress: '10.0.0.1' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'transformer-raw-objects',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: encodeS3Key(key),
            size,
            eTag,
            ...(versionId ? { versionId } : {}),
            sequencer: '0055AED6DCD90281E5',
          },
        },
      }),
    ),
  };
}
