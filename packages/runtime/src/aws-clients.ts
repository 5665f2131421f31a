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
