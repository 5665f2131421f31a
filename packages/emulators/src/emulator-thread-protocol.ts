/** The messages between the emulator thread (emulator-thread-main.ts) and its parent (emulator-threads.ts). */
import type { Endpoints, S3rverEventRecord } from './emulator-servers.js';

export type ToThread = { type: 'read'; id: number; bucket: string; key: string } | { type: 'stop' };

export type FromThread =
  | { type: 'ready'; endpoints: Endpoints }
  | { type: 'failed'; error: unknown }
  | { type: 's3-event'; record: S3rverEventRecord }
  | { type: 'read'; id: number; text: string }
  | { type: 'read'; id: number; error: unknown }
  | { type: 'stopped' };
