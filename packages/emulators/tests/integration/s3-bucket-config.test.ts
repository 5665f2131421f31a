/**
 * s3rver keeps a bucket's CORS and website configuration in memory once read (the s3rver
 * patch): what it serves must still follow every write and delete of them.
 */
import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Emulators, startEmulators } from '../../src/index.js';

/** Whether a browser's preflight for a PUT from `origin` is allowed (200) or refused (403). */
async function preflight(endpoint: string, bucket: string, origin: string): Promise<number> {
  const response = await fetch(`${endpoint}/${bucket}/some/key`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' },
  });
  await response.arrayBuffer();
  return response.status;
}

const corsFor = (origin: string) => ({
  CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['*'] }],
});

describe('s3rver bucket configuration, kept in memory once read', () => {
  let emulators: Emulators;
  let s3: S3Client;
  beforeAll(async () => {
    emulators = await startEmulators({ services: ['s3'] });
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: 'configured' }));
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('serves requests without one, then follows each CORS write and delete', async () => {
    const endpoint = emulators.endpoints.s3!;
    await s3.send(new PutObjectCommand({ Bucket: 'configured', Key: 'a.json', Body: '{}' }));
    expect(await preflight(endpoint, 'configured', 'https://one.example')).toBe(403);

    await s3.send(
      new PutBucketCorsCommand({ Bucket: 'configured', CORSConfiguration: corsFor('https://one.example') }),
    );
    expect(await preflight(endpoint, 'configured', 'https://one.example')).toBe(200);

    await s3.send(
      new PutBucketCorsCommand({ Bucket: 'configured', CORSConfiguration: corsFor('https://two.example') }),
    );
    expect(await preflight(endpoint, 'configured', 'https://one.example')).toBe(403);
    expect(await preflight(endpoint, 'configured', 'https://two.example')).toBe(200);
    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: 'configured' }));
    expect(CORSRules?.[0]?.AllowedOrigins).toEqual(['https://two.example']);

    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'configured' }));
    expect(await preflight(endpoint, 'configured', 'https://two.example')).toBe(403);
    await expect(s3.send(new GetBucketCorsCommand({ Bucket: 'configured' }))).rejects.toMatchObject({
      name: 'NoSuchCORSConfiguration',
    });
  });
});
