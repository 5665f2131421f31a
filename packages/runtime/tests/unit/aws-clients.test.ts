import { describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { clientSettings, endpointFor } from '../../src/index.js';

describe('clientSettings', () => {
  it('leaves the SDK defaults alone in the cloud', () => {
    expect(clientSettings('S3', {})).toEqual({});
  });

  it('prefers the service-specific endpoint over the global one', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2' };
    expect(endpointFor('S3', env)).toBe('http://127.0.0.1:2');
    expect(endpointFor('DYNAMODB', env)).toBe('http://127.0.0.1:1');
  });

  it('uses path-style addressing for S3 and an HTTP/1.1 handler for emulators', () => {
    const s3 = clientSettings('S3', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2' });
    expect(s3.endpoint).toBe('http://127.0.0.1:2');
    expect(s3.forcePathStyle).toBe(true);
    expect(s3.requestHandler).toBeInstanceOf(NodeHttpHandler);
    expect(
      clientSettings('KINESIS', { AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:3' }).forcePathStyle,
    ).toBeUndefined();
  });
});
