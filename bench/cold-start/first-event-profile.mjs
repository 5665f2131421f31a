// first-invoke.mjs with a CPU profile of the first event alone: import the bundle (init),
// then profile the handler's first call through the inspector (sampling every 100 µs) and
// write the profile next to the result.
// Without a profile file, nothing is profiled: the init's and the first event's CPU time apart.
// PROFILE_PHASE=init profiles the import instead.
// Usage: node first-event-profile.mjs <bundle.mjs> <event.json> [profile-out.cpuprofile]
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.mjs';

const [bundle, eventFile, profileFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = lambdaContext();

const session = profileFile === undefined ? undefined : new Session();
session?.connect();
await session?.post('Profiler.enable');
await session?.post('Profiler.setSamplingInterval', { interval: 100 });
const phase = process.env.PROFILE_PHASE ?? 'first-event';
const cpuAtLoad = process.cpuUsage();
const loading = performance.now();
if (phase === 'init') await session?.post('Profiler.start');
const { handler } = await import(pathToFileURL(bundle).href);
const initProfile = phase === 'init' ? await session?.post('Profiler.stop') : undefined;
const cpuAtStart = process.cpuUsage();
const started = performance.now();
if (phase !== 'init') await session?.post('Profiler.start');
await handler(event, context);
const profiled = phase === 'init' ? initProfile : await session?.post('Profiler.stop');
const cpu = process.cpuUsage(cpuAtStart);
const initCpu = process.cpuUsage(cpuAtLoad);
if (profiled !== undefined) writeFileSync(profileFile, JSON.stringify(profiled.profile));
const ms = ({ user, system }) => (user + system) / 1000;
const result = {
  initMs: started - loading,
  initCpuMs: ms(initCpu) - ms(cpu),
  invokeMs: performance.now() - started,
  cpuMs: ms(cpu),
};
process.stdout.write(`\nBENCH ${JSON.stringify(result)}\n`, () => process.exit(0));
