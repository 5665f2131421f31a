import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { emptyBucket } from '../../src/deploy/empty-bucket.js';

const s3 = mockClient(S3Client);
afterEach(() => {
  s3.reset();
});
const client = () => new S3Client({ region: 'us-east-1' });

describe('emptyBucket', () => {
  it('deletes every version and delete marker, page by page', async () => {
    s3.on(ListObjectVersionsCommand, { Bucket: 'lake', KeyMarker: undefined, VersionIdMarker: undefined })
      .resolves({
        Versions: [
          { Key: 'raw/a.json', VersionId: 'v1' },
          { Key: 'raw/a.json', VersionId: 'v2' },
        ],
        DeleteMarkers: [{ Key: 'raw/b.json', VersionId: 'd1' }],
        IsTruncated: true,
        NextKeyMarker: 'raw/b.json',
        NextVersionIdMarker: 'd1',
      })
      .on(ListObjectVersionsCommand, { Bucket: 'lake', KeyMarker: 'raw/b.json', VersionIdMarker: 'd1' })
      .resolves({ Versions: [{ Key: 'raw/c.json', VersionId: 'v3' }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});

    await expect(emptyBucket(client(), 'lake')).resolves.toBe(4);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects);
    expect(deletes).toEqual([
      [
        { Key: 'raw/a.json', VersionId: 'v1' },
        { Key: 'raw/a.json', VersionId: 'v2' },
        { Key: 'raw/b.json', VersionId: 'd1' },
      ],
      [{ Key: 'raw/c.json', VersionId: 'v3' }],
    ]);
  });

  it('treats a bucket that does not exist as empty', async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' }),
    );
    await expect(emptyBucket(client(), 'gone')).resolves.toBe(0);
  });

  it('fails with the first object S3 refused to delete', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: 'k', VersionId: 'v' }],
      IsTruncated: false,
    });
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'k', Code: 'AccessDenied', Message: 'Access Denied' }],
    });
    await expect(emptyBucket(client(), 'lake')).rejects.toThrow(
      'could not delete 1 object versions from lake, e.g. k: AccessDenied Access Denied',
    );
  });
});
