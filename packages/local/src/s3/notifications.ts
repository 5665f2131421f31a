/**
 * S3 event notifications to a Lambda function: for each object s3rver stores in the bucket
 * whose key matches the filter, an asynchronous invocation with a real-shaped S3 event
 * (one record, key URL-encoded as S3 encodes it).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { S3rverEventRecord } from '@event-pipeline/emulators';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { AsyncInvoker } from '../lambda/async-invoke.js';

export interface NotificationFilter {
  /** `s3:ObjectCreated:*`, `s3:ObjectRemoved:*` or one exact event. */
  event: string;
  prefix?: string;
  suffix?: string;
}

/** S3 URL-encodes keys in notifications like a form: `=` as `%3D`, a space as `+`; `/` is kept. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+');
}

export function matchesFilter(filter: NotificationFilter, eventName: string, key: string): boolean {
  const wanted = filter.event.replace(/^s3:/, '');
  const eventMatches = wanted.endsWith(':*')
    ? eventName.startsWith(wanted.slice(0, -1))
    : eventName === wanted;
  return eventMatches && key.startsWith(filter.prefix ?? '') && key.endsWith(filter.suffix ?? '');
}

export function s3EventRecord(
  record: S3rverEventRecord,
  region: string,
  configurationId: string,
): S3EventRecord {
  const { bucket, object } = record.s3;
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: 'AWS:LOCALPIPELINE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': requestId,
      'x-amz-id-2': createHash('sha256').update(requestId).digest('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: 'LOCALPIPELINE' },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: encodeS3EventKey(object.key),
        size: object.size ?? 0,
        eTag: object.eTag ?? '',
        sequencer: object.sequencer,
      },
    },
  };
}

export interface S3NotificationOptions {
  subscribe(listener: (record: S3rverEventRecord) => void): () => void;
  bucket: string;
  filter: NotificationFilter;
  region: string;
  invoker: AsyncInvoker<S3Event>;
  configurationId?: string;
}

/** Starts delivering; returns the function that stops it. */
export function startS3Notifications(options: S3NotificationOptions): () => void {
  const { bucket, filter, region, invoker } = options;
  const configurationId = options.configurationId ?? 'local-pipeline';
  return options.subscribe((record) => {
    if (record.s3.bucket.name !== bucket) return;
    if (!matchesFilter(filter, record.eventName, record.s3.object.key)) return;
    invoker.invoke({ Records: [s3EventRecord(record, region, configurationId)] });
  });
}
