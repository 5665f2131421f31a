import { devStack } from '@event-pipeline/local/testing';
import { describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { clientConfig } from '../../src/client-config.js';

const STACK = devStack({ region: 'eu-west-1' });

describe('clientConfig', () => {
  it("points a client at the stack file's emulator for its service, with the stack's credentials", () => {
    for (const service of ['kinesis', 'dynamodb', 'sqs'] as const) {
      const config = clientConfig({ stack: STACK }, service);
      expect(config).toEqual({
        region: 'eu-west-1',
        endpoint: STACK.endpoints[service],
        credentials: STACK.credentials,
        requestHandler: expect.any(NodeHttpHandler),
      });
    }
  });

  it('addresses S3 buckets by path on the local stack, as s3rver needs', () => {
    expect(clientConfig({ stack: STACK }, 's3')).toMatchObject({
      endpoint: 'http://127.0.0.1:4002',
      forcePathStyle: true,
    });
  });

  it('gives each client its own handler, so that destroying one client leaves the others working', () => {
    const first = clientConfig({ stack: STACK }, 'kinesis').requestHandler;
    expect(clientConfig({ stack: STACK }, 'kinesis').requestHandler).not.toBe(first);
  });

  it("sets only the region for a deployed stage: the rest is the SDK's default chain", () => {
    expect(clientConfig({ region: 'us-east-2' }, 's3')).toEqual({ region: 'us-east-2' });
  });
});
