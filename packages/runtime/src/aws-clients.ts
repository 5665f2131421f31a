/**
 * Settings shared by every AWS SDK client the pipeline builds. In the cloud they are the
 * SDK defaults. Locally, the standard `AWS_ENDPOINT_URL[_<SERVICE>]` variables point clients
 * at the emulators, which speak HTTP/1.1 only and address S3 buckets by path.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';

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
