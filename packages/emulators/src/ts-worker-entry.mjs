// A worker thread's entry, in plain JavaScript so that Node loads it the same way however the
// parent runs (tsx, Jest's VM modules, plain node): it registers tsx for this thread's own
// imports only, then runs the TypeScript module the parent named (ts-worker.ts).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.main, import.meta.url);
