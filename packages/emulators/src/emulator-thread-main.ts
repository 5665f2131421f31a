/**
 * What the emulator thread runs: the servers (emulator-servers.ts), their S3 notifications
 * forwarded to the parent, the parent's object reads answered from s3rver's store.
 */
import { parentPort } from 'node:worker_threads';
import { type EmulatorOptions, type EmulatorServers, serveEmulators } from './emulator-servers.js';
import type { FromThread, ToThread } from './emulator-thread-protocol.js';
import { threadData } from './ts-worker.js';

const port = parentPort!;
const post = (message: FromThread) => port.postMessage(message);

function answer(servers: EmulatorServers, message: ToThread): void {
  if (message.type === 'stop') {
    void servers.stop().then(() => post({ type: 'stopped' }));
    return;
  }
  const { id, bucket, key } = message;
  servers.readS3Object(bucket, key).then(
    (text) => post({ type: 'read', id, text }),
    (error: unknown) => post({ type: 'read', id, error }),
  );
}

let servers: EmulatorServers;
try {
  servers = await serveEmulators(threadData<EmulatorOptions>());
} catch (error) {
  post({ type: 'failed', error });
  process.exit(1);
}
if (servers.endpoints.s3 !== undefined) servers.onS3Event((record) => post({ type: 's3-event', record }));
port.on('message', (message: ToThread) => answer(servers, message));
post({ type: 'ready', endpoints: servers.endpoints });
