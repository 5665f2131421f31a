/**
 * Where a cold start's FIRST EVENT spends its CPU, function by function against the
 * reference: each bundle (built as `sls package` builds it) imported in a fresh `node`
 * process, its first call profiled (first-event-profile.mjs, a sample every 100 µs), many
 * runs aggregated. Each sample is attributed through the bundle's source map to the package
 * (or workspace folder) its code comes from; Node's own code by module. Reported per subject:
 * the median first-event wall and CPU ms, and the mean profiled ms per package and per
 * source line, heaviest first.
 *
 * Usage: npx tsx bench/cold-start/first-event-profile.ts [--runs 15] [--traced] [--only ingest,transform]
 *   [--top 25] [--keep <dir>] (keep the bundles and profiles there) [--init] (profile the import instead)
 *   [--no-profile] (nothing profiled: the init's and the first event's CPU ms apart, without the profiler's cost)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePositiveInteger } from '@event-pipeline/cli';
import { Command, InvalidArgumentError } from 'commander';
import { runNode } from '../lib/child.js';
import { median } from '../lib/stats.js';
import { bundleDeployed } from './bundle.js';
import { type ColdStartSubject, startFirstEvents } from './first-events.js';
import { DEPLOYED_NODE_OPTIONS } from './fresh-process.js';

const FUNCTIONS: readonly ColdStartSubject[] = ['ingest', 'transform', 'compact'];

/** `--only`'s value: function names, each one of FUNCTIONS. */
function functionNames(value: string): ColdStartSubject[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !FUNCTIONS.includes(name as ColdStartSubject));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown function ${unknown.join(', ')}: expected ${FUNCTIONS.join(', ')}`,
    );
  return names as ColdStartSubject[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HARNESS = fileURLToPath(new URL('./first-event-profile.mjs', import.meta.url));
/** Twice the sampling interval. */
const MAX_SAMPLE_US = 200;

interface Result {
  initMs: number;
  initCpuMs: number;
  invokeMs: number;
  cpuMs: number;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return map;
}

/** The package (or workspace folder, or Node module) a frame's code comes from, and its source line. */
function attribute(frame: CallFrame): { owner: string; line: string } {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (url === '') return { owner: functionName, line: functionName };
  if (url.startsWith('node:')) return { owner: url, line: `${url} ${functionName}` };
  const map = url.startsWith('file:') && url.endsWith('.mjs') ? sourceMapOf(url) : null;
  if (map === null) return { owner: url.slice(url.lastIndexOf('/') + 1), line: `${url} ${functionName}` };
  const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
  const source = entry.originalSource ?? '?';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source);
  const owner =
    match?.[1] ??
    source
      .replace(/^.*?\/(packages|services|bench)\//, '$1/')
      .split('/')
      .slice(0, 2)
      .join('/');
  const file = match ? `${match[1]}/${match[2]}` : source.replace(/^.*?\/(packages|services|bench)\//, '$1/');
  return { owner, line: `${file}:${(entry.originalLine ?? 0) + 1}` };
}

/** Profiled µs per owner and per source line: self time, and inclusive time per owner (its code anywhere on the stack). */
function profiledTimes(profile: CpuProfile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const owners = new Map<string, number>();
  const lines = new Map<string, number>();
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    // A sample stands for the time to the next one; capped, so that the process being descheduled
    // (a busy machine) is not charged to whatever code it was running.
    const us = Math.min(profile.timeDeltas[i + 1] ?? 0, MAX_SAMPLE_US);
    const { owner, line } = attribute(byNode.get(id)!.callFrame);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    lines.set(line, (lines.get(line) ?? 0) + us);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      onStack.add(attribute(byNode.get(at)!.callFrame).owner);
    for (const o of onStack) inclusive.set(o, (inclusive.get(o) ?? 0) + us);
  });
  return { owners, lines, inclusive };
}

function addInto(total: Map<string, number>, part: Map<string, number>) {
  for (const [k, v] of part) total.set(k, (total.get(k) ?? 0) + v);
}

/** What `a` spends beyond `b`, entry by entry. */
function minus(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  return new Map([...a].map(([k, v]) => [k, v - (b.get(k) ?? 0)]));
}

function table(total: Map<string, number>, runs: number, top: number): string {
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `  ${(us / runs / 1000).toFixed(2).padStart(7)} ms  ${k}`)
    .join('\n');
}

async function main() {
  const values = new Command()
    .name('npx tsx bench/cold-start/first-event-profile.ts')
    .description(
      "Where a cold start's first event (or, with --init, its import) spends its CPU, against the reference.",
    )
    .option('--runs <n>', 'fresh processes per bundle', parsePositiveInteger, 15)
    .option('--traced', "in Lambda's tracing environment", false)
    .option(
      '--only <names>',
      'comma-separated functions (ingest, transform, compact); the reference always',
      functionNames,
    )
    .option('--top <n>', 'lines of each table', parsePositiveInteger, 25)
    .option('--keep <dir>', 'keep the bundles and profiles in this folder')
    .option('--no-profile', "nothing profiled: the init's and the first event's CPU ms apart")
    .option('--init', 'profile the import instead of the first event', false)
    .parse()
    .opts<{
      runs: number;
      traced: boolean;
      only?: ColdStartSubject[];
      top: number;
      keep?: string;
      profile: boolean;
      init: boolean;
    }>();
  const runs = values.runs;
  const profile = values.profile;
  const top = values.top;
  const workDir = values.keep ?? mkdtempSync(join(tmpdir(), 'first-event-profile-'));
  mkdirSync(workDir, { recursive: true });
  const bundles = await bundleDeployed(ROOT, join(workDir, 'bundles'));
  const firstEvents = await startFirstEvents(workDir);
  const chosen = values.only
    ? (['reference', ...values.only] as const)
    : (Object.keys(firstEvents.subjects) as ColdStartSubject[]);
  const subjects = chosen.map((name) => ({
    name,
    event: firstEvents.subjects[name].eventFile,
    bundle: bundles[name],
    results: [] as Result[],
    owners: new Map<string, number>(),
    lines: new Map<string, number>(),
    inclusive: new Map<string, number>(),
  }));
  try {
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[(run + i) % subjects.length]!;
        const profileFile = join(workDir, `${s.name}-${run}.cpuprofile`);
        const env = {
          ...firstEvents.environment(s.name, s.bundle.file, values.traced),
          ...(values.init ? { PROFILE_PHASE: 'init' } : {}),
        };
        s.results.push(
          await runNode<Result>({
            args: [HARNESS, s.bundle.file, s.event, ...(profile ? [profileFile] : [])],
            env,
            nodeOptions: DEPLOYED_NODE_OPTIONS,
            label: `${s.name} first event`,
          }),
        );
        if (!profile) continue;
        const times = profiledTimes(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile);
        addInto(s.owners, times.owners);
        addInto(s.lines, times.lines);
        addInto(s.inclusive, times.inclusive);
      }
    }
    for (const s of subjects) {
      const profiled = [...s.owners.values()].reduce((a, b) => a + b, 0) / runs / 1000;
      const idle = (s.owners.get('(idle)') ?? 0) / runs / 1000;
      const m = (key: keyof Result) => median(s.results.map((r) => r[key])).toFixed(2);
      console.log(
        `\n== ${s.name} (${values.traced ? 'traced' : 'untraced'}): medians init ${m('initMs')} ms wall, ` +
          `${m('initCpuMs')} ms CPU; first event ${m('invokeMs')} ms wall, ${m('cpuMs')} ms CPU`,
      );
      if (!profile) continue;
      console.log(`profiled mean ${profiled.toFixed(2)} ms of which idle ${idle.toFixed(2)} ms`);
      console.log(`by package:\n${table(s.owners, runs, top)}`);
      console.log(`by source line:\n${table(s.lines, runs, top)}`);
      console.log(`by package, inclusive:\n${table(s.inclusive, runs, top)}`);
      if (s !== subjects[0]) {
        const reference = subjects[0]!;
        console.log(
          `beyond the reference, by package:\n${table(minus(s.owners, reference.owners), runs, top)}`,
        );
        console.log(
          `beyond the reference, by source line:\n${table(minus(s.lines, reference.lines), runs, top)}`,
        );
      }
    }
  } finally {
    await firstEvents.close();
    if (values.keep === undefined) rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
