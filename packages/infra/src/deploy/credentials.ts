/** Deploy and remove need an AWS identity; find out early, and say plainly what is missing. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

export interface AwsIdentity {
  account: string;
  arn: string;
}

const HOW_TO =
  'Set AWS_PROFILE to a configured profile (after `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and ' +
  'AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), then run the command again.';

/**
 * Resolves credentials through the SDK's default chain and checks them with STS GetCallerIdentity,
 * giving up after `timeoutMs` (the chain's last resort, the EC2 metadata endpoint, can hang off EC2).
 */
export async function resolveAwsIdentity(
  sts: Pick<STSClient, 'send'>,
  timeoutMs = 10_000,
): Promise<AwsIdentity> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const identity = await Promise.race([
      sts.send(new GetCallerIdentityCommand({}), { abortSignal: abort.signal }),
      timeout,
    ]);
    if (!identity.Account || !identity.Arn) throw new Error('STS returned no account');
    return { account: identity.Account, arn: identity.Arn };
  } catch (error) {
    throw new CredentialsError(`No usable AWS credentials: ${(error as Error).message}. ${HOW_TO}`);
  } finally {
    clearTimeout(timer);
  }
}
