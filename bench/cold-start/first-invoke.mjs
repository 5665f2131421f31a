// A fresh process's first invocation of a bundled handler, as Lambda's runtime does it:
// import the bundle (init), call its `handler` once with the event. Plain JavaScript, run by
// plain `node`, so that nothing but the bundle is loaded.
// Usage: node [flags] first-invoke.mjs <bundle.mjs> <event.json>
// Prints one line `BENCH {"loadMs", "invokeMs", "cpuMs", "sinceProcessStartMs", "maxRssMb"}` at the end.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.mjs';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = lambdaContext();

const cpuAtStart = process.cpuUsage();
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loaded = performance.now();
await handler(event, context);
const answered = performance.now();
const cpu = process.cpuUsage(cpuAtStart);
const result = {
  loadMs: loaded - started,
  invokeMs: answered - loaded,
  // The process's CPU time over the same span: less swayed than the wall time by other work on the machine.
  cpuMs: (cpu.user + cpu.system) / 1000,
  // performance.now() counts from the process's start: Node's own boot included.
  sinceProcessStartMs: answered,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`\nBENCH ${JSON.stringify(result)}\n`, () => process.exit(0));
