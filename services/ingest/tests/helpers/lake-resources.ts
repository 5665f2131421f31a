/**
 * Reading back the raw bucket of docs/architecture.md §4 from the emulators (its creation, with the ledger
 * table's, is `createLakeResources` of @event-pipeline/emulators).
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { WrittenObject } from './json-lines.js';

/** Every object of the bucket with its body, in key order. */
export async function readBucket(s3: S3Client, bucket: string): Promise<WrittenObject[]> {
  const objects: WrittenObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: Key! }));
      objects.push({ key: Key!, body: await object.Body!.transformToString() });
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}
