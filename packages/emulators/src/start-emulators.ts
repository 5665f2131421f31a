/**
 * The four AWS emulators, in this process, on 127.0.0.1 with ports chosen by the OS (so
 * test files can run in parallel). Real AWS SDK clients talk HTTP to them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-account.js';

export type EmulatedService = 's3' | 'dynamodb' | 'kinesis' | 'sqs';
const ALL_SERVICES: readonly EmulatedService[] = ['kinesis', 'dynamodb', 's3', 'sqs'];

const HOST = '127.0.0.1';

export interface EmulatorOptions {
  services?: readonly EmulatedService[];
  /** Where s3rver keeps objects (and dynalite/kinesalite their LevelDB); a temp dir by default, removed on stop. */
  dataDir?: string;
  /** Kinesis/DynamoDB state in memory even when dataDir is given. */
  inMemory?: boolean;
}

/** One record of s3rver's notification for a write or delete (its own shape, not S3's exactly). */
export interface S3rverEventRecord {
  eventName: string;
  eventTime: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer: string };
  };
}

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
  stop(): Promise<void>;
}

/**
 * kinesalite and dynalite take the account and region of their ARNs from AWS_ACCOUNT_ID and
 * AWS_REGION when they are created: set to the local stack's for that moment, so that a real
 * account in the caller's environment does not end up in local ARNs.
 */
function withLocalIdentity<T>(create: () => T): T {
  const saved = { AWS_ACCOUNT_ID: process.env.AWS_ACCOUNT_ID, AWS_REGION: process.env.AWS_REGION };
  process.env.AWS_ACCOUNT_ID = LOCAL_ACCOUNT_ID;
  process.env.AWS_REGION = LOCAL_REGION;
  try {
    return create();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const services = options.services ?? ALL_SERVICES;
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'event-pipeline-')));
  const persist = !ownsDir && !options.inMemory;
  const endpoints: Partial<Record<EmulatedService, string>> = {};
  const stops: Array<() => Promise<void>> = [];
  let s3rver: S3rver | undefined;

  try {
    if (services.includes('kinesis')) {
      const server = withLocalIdentity(() =>
        kinesalite({
          createStreamMs: 0,
          deleteStreamMs: 0,
          updateStreamMs: 0,
          shardLimit: 100,
          ...(persist ? { path: join(dataDir, 'kinesis') } : {}),
        }),
      );
      endpoints.kinesis = `http://${HOST}:${await listen(server)}`;
      stops.push(() => close(server));
    }
    if (services.includes('dynamodb')) {
      const server = withLocalIdentity(() =>
        dynalite({
          createTableMs: 0,
          deleteTableMs: 0,
          updateTableMs: 0,
          ...(persist ? { path: join(dataDir, 'dynamodb') } : {}),
        }),
      );
      endpoints.dynamodb = `http://${HOST}:${await listen(server)}`;
      stops.push(() => close(server));
    }
    if (services.includes('s3')) {
      const server = new S3rver({ address: HOST, port: 0, silent: true, directory: join(dataDir, 's3') });
      const { port } = await server.run();
      s3rver = server;
      endpoints.s3 = `http://${HOST}:${port}`;
      stops.push(() => server.close());
    }
    if (services.includes('sqs')) {
      const server = (await createSqsServer({
        port: 0,
        hostname: HOST,
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT_ID,
        emulateQueueCreationLifecycle: false,
      })) as unknown as Server;
      endpoints.sqs = `http://${HOST}:${(server.address() as AddressInfo).port}`;
      stops.push(() => close(server));
    }
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }

  const requestHandler = new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 60_000 });
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
    onS3Event(listener) {
      if (s3rver === undefined) throw new Error('the s3 emulator was not started');
      const server = s3rver;
      const onEvent = (event: unknown): void => {
        for (const record of (event as { Records: S3rverEventRecord[] }).Records) listener(record);
      };
      server.on('event', onEvent);
      return () => server.off('event', onEvent);
    },
    async stop() {
      requestHandler.destroy();
      await Promise.allSettled(stops.reverse().map((stop) => stop()));
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
