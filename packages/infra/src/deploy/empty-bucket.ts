/**
 * Empties a versioned bucket (every object version and delete marker), which CloudFormation needs
 * before it can delete the bucket when a stage is removed.
 */
import { DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

/** Deletes everything in `bucket`; returns how many versions and delete markers it removed (0 if no bucket). */
export async function emptyBucket(s3: Pick<S3Client, 'send'>, bucket: string): Promise<number> {
  let removed = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    let page: Awaited<ReturnType<typeof listVersions>>;
    try {
      page = await listVersions(s3, bucket, keyMarker, versionIdMarker);
    } catch (error) {
      if ((error as Error).name === 'NoSuchBucket') return removed;
      throw error;
    }
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((o) => o.Key !== undefined)
      .map((o) => ({ Key: o.Key!, VersionId: o.VersionId }));
    if (objects.length > 0) {
      const result = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0]!;
        throw new Error(
          `could not delete ${failed.length} object versions from ${bucket}, e.g. ${first.Key}: ${first.Code} ${first.Message}`,
        );
      }
      removed += objects.length;
    }
    if (!page.IsTruncated) return removed;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

function listVersions(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  keyMarker?: string,
  versionIdMarker?: string,
) {
  // At most 1000 per page, which is also DeleteObjects' limit.
  return s3.send(
    new ListObjectVersionsCommand({
      Bucket: bucket,
      KeyMarker: keyMarker,
      VersionIdMarker: versionIdMarker,
      MaxKeys: 1000,
    }),
  );
}
