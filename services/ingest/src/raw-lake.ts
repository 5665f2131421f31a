/** Adapter: JSON Lines objects into the raw bucket. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export const JSON_LINES_CONTENT_TYPE = 'application/x-ndjson';

export interface RawLake {
  put(key: string, body: string): Promise<void>;
}

export function createRawLake(s3: S3Client, bucket: string): RawLake {
  return {
    async put(key, body) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: JSON_LINES_CONTENT_TYPE,
          // Explicit, so the object is encrypted even if the bucket default were ever removed.
          ServerSideEncryption: 'AES256',
        }),
      );
    },
  };
}
