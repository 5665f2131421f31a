/**
 * The four AWS emulators as their clients see them: endpoints on 127.0.0.1 that real AWS SDK
 * clients talk HTTP to. `startEmulators` runs the servers in this thread;
 * `startEmulatorsInThreads` (emulator-threads.ts) in worker threads, off this one's core.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  type EmulatedService,
  type EmulatorOptions,
  type EmulatorServers,
  type S3rverEventRecord,
  serveEmulators,
} from './emulator-servers.js';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-account.js';

export interface Emulators {
  region: string;
  /** The account in every ARN and queue URL the emulators make. */
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoints: Partial<Record<EmulatedService, string>>;
  /** Settings for any AWS SDK v3 client constructor, pointed at the emulator for `service`. */
  clientConfig(service: EmulatedService): {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle?: boolean;
    requestHandler: NodeHttpHandler;
  };
  /** `AWS_ENDPOINT_URL_*` and credential variables for code that builds its own clients. */
  env(): Record<string, string>;
  /** Calls `listener` for every object s3rver writes or deletes (after it is stored); returns the unsubscribe. */
  onS3Event(listener: (record: S3rverEventRecord) => void): () => void;
  /**
   * An object's bytes as UTF-8 text, read from s3rver's store itself: no HTTP request, no
   * SDK, none of s3rver's request handling (the lake tracker reads every object it watches).
   */
  readS3Object(bucket: string, key: string): Promise<string>;
  stop(): Promise<void>;
}

/** The HTTP handler of the emulators' clients: fail fast on a server that is not there, wait on a busy one. */
export function emulatorRequestHandler(): NodeHttpHandler {
  return new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 60_000 });
}

/** The client side of running emulator servers, wherever they run. */
export function emulatorsOf(servers: EmulatorServers): Emulators {
  const { endpoints } = servers;
  const requestHandler = emulatorRequestHandler();
  return {
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    credentials: { ...LOCAL_CREDENTIALS },
    endpoints,
    clientConfig(service) {
      const endpoint = endpoints[service];
      if (endpoint === undefined) throw new Error(`the ${service} emulator was not started`);
      return {
        region: LOCAL_REGION,
        endpoint,
        credentials: { ...LOCAL_CREDENTIALS },
        requestHandler,
        ...(service === 's3' ? { forcePathStyle: true } : {}),
      };
    },
    env() {
      const env: Record<string, string> = {
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      };
      for (const [service, url] of Object.entries(endpoints))
        env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] = url;
      return env;
    },
    onS3Event: (listener) => servers.onS3Event(listener),
    readS3Object: (bucket, key) => servers.readS3Object(bucket, key),
    async stop() {
      requestHandler.destroy();
      await servers.stop();
    },
  };
}

/** The emulators, their servers in this thread. */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  return emulatorsOf(await serveEmulators(options));
}
