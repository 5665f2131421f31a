import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  clientSettings,
  type EnvironmentCredentials,
  endpointFor,
  lambdaClientSettings,
} from '../../src/index.js';

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

describe('lambdaClientSettings', () => {
  const lambdaEnv = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
    AWS_SECRET_ACCESS_KEY: 'lambda-secret',
    AWS_SESSION_TOKEN: 'lambda-token',
  };

  /** What a client built with `settings` resolves for the settings SDK_DEFAULTS covers. */
  async function resolved(client: { config: Record<string, unknown> }) {
    const value = async (name: string) => {
      const setting = client.config[name];
      return typeof setting === 'function' ? await (setting as () => Promise<unknown>)() : setting;
    };
    const names = [
      'region',
      'useFipsEndpoint',
      'useDualstackEndpoint',
      'maxAttempts',
      'retryMode',
      'requestChecksumCalculation',
      'responseChecksumValidation',
      'disableS3ExpressSessionAuth',
      'accountIdEndpointMode',
    ];
    const values: Record<string, unknown> = {};
    for (const name of names) if (name in client.config) values[name] = await value(name);
    return values;
  }

  it('gives the region, the SDK defaults and the environment credentials in a Lambda function', async () => {
    const s3 = lambdaClientSettings('S3', lambdaEnv);
    expect(s3).toMatchObject({
      region: 'eu-west-1',
      useFipsEndpoint: false,
      maxAttempts: 3,
      requestChecksumCalculation: 'WHEN_SUPPORTED',
      defaultsMode: 'legacy',
    });
    expect(lambdaClientSettings('DYNAMODB', lambdaEnv)).toMatchObject({
      maxAttempts: 4,
      accountIdEndpointMode: 'preferred',
    });
    expect(lambdaClientSettings('DYNAMODB', lambdaEnv)).not.toHaveProperty('requestChecksumCalculation');
    const credentials = s3.credentials as () => Promise<EnvironmentCredentials>;
    await expect(credentials()).resolves.toEqual({
      accessKeyId: 'AKIDLAMBDA',
      secretAccessKey: 'lambda-secret',
      sessionToken: 'lambda-token',
    });
  });

  it('resolves in the clients to what the SDK would resolve by itself', async () => {
    const saved = { ...process.env };
    try {
      // The SDK reads process.env itself; no shared config file to find.
      process.env = {
        ...lambdaEnv,
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      };
      const bySdk = [await resolved(new S3Client({})), await resolved(new DynamoDBClient({}))];
      const given = [
        await resolved(new S3Client(lambdaClientSettings('S3', lambdaEnv))),
        await resolved(new DynamoDBClient(lambdaClientSettings('DYNAMODB', lambdaEnv))),
      ];
      expect(given).toEqual(bySdk);
      expect(given[1]).toMatchObject({ region: 'eu-west-1', maxAttempts: 4 });
    } finally {
      process.env = saved;
    }
  });

  it('leaves to the SDK what the environment sets, and everything where a shared config file is named', () => {
    const env = { ...lambdaEnv, AWS_MAX_ATTEMPTS: '7', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2' };
    const s3 = lambdaClientSettings('S3', env);
    expect(s3).not.toHaveProperty('maxAttempts');
    expect(s3).toMatchObject({
      endpoint: 'http://127.0.0.1:2',
      forcePathStyle: true,
      useFipsEndpoint: false,
    });
    expect(Object.keys(lambdaClientSettings('S3', { ...env, AWS_PROFILE: 'dev' }))).toEqual(
      Object.keys(clientSettings('S3', env)),
    );
    expect(lambdaClientSettings('S3', { AWS_REGION: 'eu-west-1' })).not.toHaveProperty('credentials');
  });
});
