/**
 * A worker thread that runs a TypeScript module: the emulators' thread and the local
 * producer's. Its entry (ts-worker-entry.mjs) is plain JavaScript that registers tsx for the
 * thread's own imports, so it loads the same under tsx (`npm start`), Jest (ts-jest, VM
 * modules) and plain Node.
 */
import { Worker, workerData } from 'node:worker_threads';

const ENTRY = new URL('./ts-worker-entry.mjs', import.meta.url);

/** Starts `main` (a module's file URL) in a worker thread; it reads `data` with `threadData()`. */
export function startTsWorker(main: URL, data: unknown): Worker {
  return new Worker(ENTRY, { workerData: { main: main.href, data } });
}

/** In a module started by `startTsWorker`: the data it was given. */
export function threadData<T>(): T {
  return (workerData as { data: T }).data;
}
