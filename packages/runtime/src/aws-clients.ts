/**
 * Settings shared by every AWS SDK client the pipeline builds. In the cloud they are the
 * SDK defaults. Locally, the standard `AWS_ENDPOINT_URL[_<SERVICE>]` variables point clients
 * at the emulators, which speak HTTP/1.1 only and address S3 buckets by path.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { FinalizeRequestMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';

type Env = Record<string, string | undefined>;
export type AwsService = 'S3' | 'DYNAMODB' | 'KINESIS' | 'SQS';

export interface ClientSettings {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  requestHandler?: NodeHttpHandler;
  maxAttempts?: number;
}

export function endpointFor(service: AwsService, env: Env = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

export function clientSettings(service: AwsService, env: Env = process.env): ClientSettings {
  const endpoint = endpointFor(service, env);
  if (endpoint === undefined) return {};
  return {
    endpoint,
    forcePathStyle: service === 'S3' ? true : undefined,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 30_000 }),
  };
}

/**
 * The settings an SDK client otherwise resolves at its first call by looking in the environment,
 * then in the shared config files (~/.aws/config and credentials, which a Lambda function does
 * not have), then falling back to a default, each value here that default. Given up front, a
 * cold start's first event saves that search: about 2-3 ms of CPU for the S3 and DynamoDB
 * clients together (bench/cold-start/first-event-profile.ts). A setting whose variable is set
 * is left to the SDK, and nothing is given where a shared config file or profile is named.
 */
const SDK_DEFAULTS: ReadonlyArray<{
  variable: string;
  setting: string;
  value: unknown;
  only?: AwsService;
}> = [
  { variable: 'AWS_USE_FIPS_ENDPOINT', setting: 'useFipsEndpoint', value: false },
  { variable: 'AWS_USE_DUALSTACK_ENDPOINT', setting: 'useDualstackEndpoint', value: false },
  { variable: 'AWS_AUTH_SCHEME_PREFERENCE', setting: 'authSchemePreference', value: [] },
  { variable: 'AWS_DEFAULTS_MODE', setting: 'defaultsMode', value: 'legacy' },
  { variable: 'AWS_RETRY_MODE', setting: 'retryMode', value: 'standard' },
  { variable: 'AWS_MAX_ATTEMPTS', setting: 'maxAttempts', value: 3, only: 'S3' },
  // The DynamoDB client's own default.
  { variable: 'AWS_MAX_ATTEMPTS', setting: 'maxAttempts', value: 4, only: 'DYNAMODB' },
  {
    variable: 'AWS_REQUEST_CHECKSUM_CALCULATION',
    setting: 'requestChecksumCalculation',
    value: 'WHEN_SUPPORTED',
    only: 'S3',
  },
  {
    variable: 'AWS_RESPONSE_CHECKSUM_VALIDATION',
    setting: 'responseChecksumValidation',
    value: 'WHEN_SUPPORTED',
    only: 'S3',
  },
  {
    variable: 'AWS_S3_DISABLE_EXPRESS_SESSION_AUTH',
    setting: 'disableS3ExpressSessionAuth',
    value: false,
    only: 'S3',
  },
  {
    variable: 'AWS_ACCOUNT_ID_ENDPOINT_MODE',
    setting: 'accountIdEndpointMode',
    value: 'preferred',
    only: 'DYNAMODB',
  },
];

/** Where the SDK would read settings from files rather than the environment alone. */
const SHARED_CONFIG_VARIABLES = ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

/** Credentials as the SDK's environment provider reads them, at the first call. */
export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

/**
 * The S3 and DynamoDB clients' settings in a Lambda function (lambdaEntry): clientSettings, the
 * region, the SDK's defaults for what the environment does not set (SDK_DEFAULTS), and the
 * credentials from the environment, where Lambda puts them, instead of the SDK's provider chain
 * (which tries the environment first too, then files and other sources).
 */
export function lambdaClientSettings(
  service: 'S3' | 'DYNAMODB',
  env: Env = process.env,
): ClientSettings & Record<string, unknown> {
  const settings: ClientSettings & Record<string, unknown> = { ...clientSettings(service, env) };
  if (SHARED_CONFIG_VARIABLES.some((variable) => env[variable])) return settings;
  if (env.AWS_REGION) settings.region = env.AWS_REGION;
  for (const { variable, setting, value, only } of SDK_DEFAULTS)
    if ((only === undefined || only === service) && !env[variable]) settings[setting] = value;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (accessKeyId && secretAccessKey) {
    settings.credentials = async (): Promise<EnvironmentCredentials> => ({
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
    });
  }
  return settings;
}

const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';

/**
 * Has an S3 client sign its uploads (PutObject, UploadPart) without hashing the body: SigV4's
 * `UNSIGNED-PAYLOAD`, as the SDK already does for streamed bodies. The body is still checked
 * end to end by the CRC32 checksum the SDK sends in a signed header (and S3 verifies), and
 * TLS protects it on the way; what is saved is a SHA-256 over every byte uploaded, about a
 * twentieth of the transformer's CPU (bench/, issue 7). Bodies whose hash header is already
 * set (the SDK's aws-chunked streaming uploads) are left as they are.
 */
export function unsignedS3Payloads<
  Client extends { middlewareStack: MiddlewareStack<object, MetadataBearer> },
>(client: Client): Client {
  const middleware: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const { headers, body } = args.request as { headers?: Record<string, string>; body?: unknown };
    const hasBytes = typeof body === 'string' || body instanceof Uint8Array;
    const hashed =
      headers !== undefined && Object.keys(headers).some((h) => h.toLowerCase() === PAYLOAD_HASH_HEADER);
    if (headers !== undefined && hasBytes && !hashed) headers[PAYLOAD_HASH_HEADER] = 'UNSIGNED-PAYLOAD';
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, {
    name: 'unsignedS3PayloadMiddleware',
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    override: true,
  });
  return client;
}
