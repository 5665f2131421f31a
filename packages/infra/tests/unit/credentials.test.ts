import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CredentialsError, resolveAwsIdentity } from '../../src/deploy/credentials.js';

const sts = mockClient(STSClient);
afterEach(() => {
  sts.reset();
});

describe('resolveAwsIdentity', () => {
  it('returns the account and ARN of the credentials in use', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ci' });
    await expect(resolveAwsIdentity(new STSClient({ region: 'us-east-1' }))).resolves.toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/ci',
    });
  });

  it('turns a credential failure into a message that says how to provide credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'));
    const attempt = resolveAwsIdentity(new STSClient({ region: 'us-east-1' }));
    await expect(attempt).rejects.toThrow(CredentialsError);
    await expect(attempt).rejects.toThrow(
      /^No usable AWS credentials: Could not load credentials from any providers\. Set AWS_PROFILE .* AWS_ACCESS_KEY_ID/,
    );
  });

  it('gives up after the timeout instead of hanging', async () => {
    const hanging = { send: () => new Promise<never>(() => {}) };
    await expect(resolveAwsIdentity(hanging as unknown as STSClient, 50)).rejects.toThrow(
      'No usable AWS credentials: no answer within 50 ms.',
    );
  });
});
