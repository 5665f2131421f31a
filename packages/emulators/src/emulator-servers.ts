/**
 * The four AWS emulators' servers, in the thread that calls `serveEmulators`, on 127.0.0.1
 * with ports chosen by the OS (so test files can run in parallel). start-emulators.ts runs them
 * in the caller's thread, emulator-threads.ts in worker threads of their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-account.js';

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

export type Endpoints = Partial<Record<EmulatedService, string>>;

/** The running servers, as seen from the thread that runs them. */
export interface EmulatorServers {
  endpoints: Endpoints;
  /** Calls `listener` for every object s3rver writes or deletes (after it is stored); returns the unsubscribe. */
  onS3Event(listener: (record: S3rverEventRecord) => void): () => void;
  /** An object's bytes as UTF-8 text, read from s3rver's store without a request. */
  readS3Object(bucket: string, key: string): Promise<string>;
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

async function readText(content: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function serveEmulators(options: EmulatorOptions = {}): Promise<EmulatorServers> {
  const services = options.services ?? ALL_SERVICES;
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'event-pipeline-')));
  const persist = !ownsDir && !options.inMemory;
  const endpoints: Endpoints = {};
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

  const s3 = (): S3rver => {
    if (s3rver === undefined) throw new Error('the s3 emulator was not started');
    return s3rver;
  };
  return {
    endpoints,
    onS3Event(listener) {
      const server = s3();
      const onEvent = (event: unknown): void => {
        for (const record of (event as { Records: S3rverEventRecord[] }).Records) listener(record);
      };
      server.on('event', onEvent);
      return () => server.off('event', onEvent);
    },
    async readS3Object(bucket, key) {
      const object = await s3().store.getObject(bucket, key);
      if (object?.content == null) throw new Error(`s3://${bucket}/${key} does not exist`);
      return readText(object.content);
    },
    async stop() {
      await Promise.allSettled(stops.reverse().map((stop) => stop()));
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
