/** The objects an S3 event notification names, with their keys decoded. */
import type { S3Event } from 'aws-lambda';

export interface SourceObject {
  bucket: string;
  /** The decoded key, as stored. */
  key: string;
  versionId?: string | undefined;
  eTag?: string | undefined;
  /** `ObjectCreated:Put`, `ObjectCreated:CompleteMultipartUpload`, ... */
  eventName: string;
}

/**
 * S3 notifications carry keys URL-encoded the way HTML forms are: `=` arrives as `%3D`,
 * a space as `+` (and a literal `+` as `%2B`), so `+` must become a space before decoding.
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replaceAll('+', ' '));
}

export function sourceObjects(event: Partial<S3Event>): SourceObject[] {
  return (event.Records ?? []).map((record) => ({
    bucket: record.s3.bucket.name,
    key: decodeS3Key(record.s3.object.key),
    versionId: record.s3.object.versionId || undefined,
    eTag: record.s3.object.eTag || undefined,
    eventName: record.eventName,
  }));
}

/** `s3://<bucket>/<key>`, the lineage reference written into outputs and logs. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
