// The emulator thread's entry, in plain JavaScript so that Node loads it the same way however
// the parent runs (tsx, Jest's VM modules, plain node): it registers tsx for this thread's own
// imports only, then runs the TypeScript side.
import { tsImport } from 'tsx/esm/api';

await tsImport('./emulator-thread-main.ts', import.meta.url);
