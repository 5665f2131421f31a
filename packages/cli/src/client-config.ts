/**
 * The settings of an AWS SDK client for the stack a tool targets. On the local stack they come
 * from its stack file (`.local/stack.json`): the emulator's endpoint, its static credentials,
 * Node's HTTP/1.1 handler (all the emulators speak) and S3 addressed by path, as s3rver needs.
 * On a deployed stage only the region is set: credentials and endpoints come from the SDK's
 * default chain.
 */
import type { StackFile } from '@event-pipeline/local';
import { NodeHttpHandler } from '@smithy/node-http-handler';

type StackService = keyof StackFile['endpoints'];

interface ClientConfig {
  region: string;
  endpoint?: string;
  credentials?: StackFile['credentials'];
  requestHandler?: NodeHttpHandler;
  forcePathStyle?: boolean;
}

/** Where a client goes: the local stack a stack file describes, or a deployed stage's region. */
export type ClientPlace = { stack: StackFile } | { region: string };

export function clientConfig(place: ClientPlace, service: StackService): ClientConfig {
  if (!('stack' in place)) return { region: place.region };
  const { stack } = place;
  return {
    region: stack.region,
    endpoint: stack.endpoints[service],
    credentials: stack.credentials,
    // A handler per client, closed with it. The emulators share this machine with the pipeline
    // they serve: a slow answer is no failure, a port that does not connect at once is.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 60_000 }),
    ...(service === 's3' ? { forcePathStyle: true } : {}),
  };
}
