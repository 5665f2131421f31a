/** Adapter: JSON Lines objects into the raw bucket. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LAKE_OBJECT_SETTINGS } from '@event-pipeline/runtime';

export interface RawLake {
  put(key: string, body: Uint8Array | string): Promise<void>;
}

export function createRawLake(s3: S3Client, bucket: string): RawLake {
  return {
    async put(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...LAKE_OBJECT_SETTINGS }));
    },
  };
}
