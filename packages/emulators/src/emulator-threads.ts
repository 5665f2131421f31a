/**
 * The emulators in worker threads of their own (docs/architecture.md §7): their HTTP servers,
 * kinesalite's and dynalite's request handling and s3rver's file I/O off the calling thread,
 * which keeps the SDK clients and the handlers. A thread, not a process: it ends with the
 * process however that ends, so no emulator outlives it holding a port.
 */
import type {
  EmulatedService,
  EmulatorOptions,
  EmulatorServers,
  S3rverEventRecord,
} from './emulator-servers.js';
import type { FromThread, ToThread } from './emulator-thread-protocol.js';
import { type Emulators, emulatorsOf } from './start-emulators.js';
import { startTsWorker } from './ts-worker.js';

const MAIN = new URL('./emulator-thread-main.ts', import.meta.url);

/**
 * Kinesis and DynamoDB (kinesalite and dynalite: LevelDB in memory, `bignumber.js` sequence
 * numbers) in one thread, S3 and SQS (s3rver's file I/O) in another: about half the servers'
 * work each at 2,000 events/s.
 */
const THREADS: ReadonlyArray<readonly EmulatedService[]> = [
  ['kinesis', 'dynamodb'],
  ['s3', 'sqs'],
];

/** The emulators, their servers in worker threads; the same interface as `startEmulators`. */
export async function startEmulatorsInThreads(options: EmulatorOptions = {}): Promise<Emulators> {
  const services = options.services ?? THREADS.flat();
  const groups = THREADS.map((group) => group.filter((service) => services.includes(service))).filter(
    (group) => group.length > 0,
  );
  const started = await Promise.allSettled(
    groups.map((group) => serveInThread({ ...options, services: group })),
  );
  const threads = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(threads.map((thread) => thread.stop()));
    throw failed.reason;
  }
  return emulatorsOf(combined(threads));
}

/** Servers spread over threads, as one: S3's notifications and reads from the thread that serves it. */
function combined(threads: EmulatorServers[]): EmulatorServers {
  const s3 = threads.find((thread) => thread.endpoints.s3 !== undefined);
  const noS3 = () => {
    throw new Error('the s3 emulator was not started');
  };
  return {
    endpoints: Object.assign({}, ...threads.map((thread) => thread.endpoints)),
    onS3Event: (listener) => (s3 ?? noS3()).onS3Event(listener),
    readS3Object: (bucket, key) => (s3 ?? noS3()).readS3Object(bucket, key),
    async stop() {
      await Promise.all(threads.map((thread) => thread.stop()));
    },
  };
}

function serveInThread(options: EmulatorOptions): Promise<EmulatorServers> {
  const worker = startTsWorker(MAIN, { ...options });
  const send = (message: ToThread) => worker.postMessage(message);
  const listeners = new Set<(record: S3rverEventRecord) => void>();
  const reads = new Map<number, { resolve(text: string): void; reject(error: unknown): void }>();
  let nextRead = 0;
  let exited = false;
  let stopping: Promise<void> | undefined;
  let onStopped = () => {};

  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          ready = true;
          resolve(servers(message.endpoints));
          break;
        case 'failed':
          reject(message.error);
          break;
        case 's3-event':
          for (const listener of listeners) listener(message.record);
          break;
        case 'read': {
          const read = reads.get(message.id);
          reads.delete(message.id);
          if ('text' in message) read?.resolve(message.text);
          else read?.reject(message.error);
          break;
        }
        case 'stopped':
          onStopped();
          break;
      }
    });
    worker.on('error', (error) => {
      if (!ready) reject(error);
      // An emulator failing in its thread fails the process, as it would in this one.
      else
        setImmediate(() => {
          throw error;
        });
    });
    worker.on('exit', (code) => {
      exited = true;
      if (!ready) reject(new Error(`the emulator thread exited with code ${code} before it was ready`));
      for (const read of reads.values()) read.reject(new Error('the emulator thread has stopped'));
      reads.clear();
      onStopped();
    });
  });

  function servers(endpoints: EmulatorServers['endpoints']): EmulatorServers {
    return {
      endpoints,
      onS3Event(listener) {
        if (endpoints.s3 === undefined) throw new Error('the s3 emulator was not started');
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      readS3Object(bucket, key) {
        if (exited) return Promise.reject(new Error('the emulator thread has stopped'));
        const id = nextRead++;
        return new Promise((resolve, reject) => {
          reads.set(id, { resolve, reject });
          send({ type: 'read', id, bucket, key });
        });
      },
      stop() {
        stopping ??= new Promise<void>((resolve) => {
          onStopped = resolve;
          send({ type: 'stop' });
        }).then(async () => {
          await worker.terminate();
        });
        return stopping;
      },
    };
  }
}
