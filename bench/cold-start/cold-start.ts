/**
 * Cold start: each function (ingest, transform, compact) bundled as `sls package` bundles it, and a reference bundle
 * (only the S3 and DynamoDB clients, one call each) built in the same run with the same
 * settings. Each run is a fresh `node` process that imports a bundle and answers its first
 * event, its AWS calls answered at once by a local server. Two environments: as Lambda runs
 * the functions (`tracing: Active`: the Powertools Tracer and the X-Ray SDK at work), and
 * without tracing (Powertools' own default outside Lambda). Subjects and environments
 * alternate run after run, so that drift hits them alike. Reported: bundle bytes, medians, ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../lib/stats.js';
import { type Bundle, type DeployedBundles, heaviestPackages } from './bundle.js';
import { type ColdStartSubject, startFirstEvents } from './first-events.js';
import { DEPLOYED_NODE_OPTIONS, type FirstInvoke, firstInvoke } from './fresh-process.js';

const ENVIRONMENTS = ['traced', 'untraced'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

export interface ColdStartTimes {
  /** Median ms to import the bundle (Lambda's init) and answer the first event. */
  init_and_first_event_ms: number;
  /** Median ms of the import alone. */
  init_ms: number;
  /** Median CPU ms of the import and the first event: steadier than the wall time on a busy machine. */
  init_and_first_event_cpu_ms: number;
  /** Median ms from the process's start to the first answer (Node's boot included). */
  process_ms: number;
}

export interface ColdStartFigures {
  /** All the code in the zip: the bundle and its chunks. */
  bundle_bytes: number;
  /** What every init reads and compiles: the bundle and the chunks it imports statically. */
  init_bytes: number;
  source_map_bytes: number;
  /** As Lambda runs it, tracing Active: init and first event against the reference's. */
  ratio: number;
  /** Without tracing. */
  ratio_untraced: number;
  /** The same ratios of CPU time, traced and untraced. */
  cpu_ratio: number;
  cpu_ratio_untraced: number;
  /** From the process's start (Node's boot included), traced. */
  process_ratio: number;
  traced: ColdStartTimes;
  untraced: ColdStartTimes;
  heaviest_packages: Array<{ name: string; bytes: number }>;
}

export interface ColdStartResult {
  runs: number;
  node_options: string;
  /** X-Ray segment documents the traced runs sent to the stand-in daemon (0 would mean no tracing). */
  xray_segments: number;
  reference: Omit<
    ColdStartFigures,
    'ratio' | 'ratio_untraced' | 'cpu_ratio' | 'cpu_ratio_untraced' | 'process_ratio'
  >;
  ingest: ColdStartFigures;
  transform: ColdStartFigures;
  /** Its first event a scheduled run with nothing pending: the init, the client set-up and one query. */
  compact: ColdStartFigures;
}

type SubjectName = ColdStartSubject;

interface Subject {
  name: SubjectName;
  bundle: Bundle;
  eventFile: string;
  nodeOptions: string;
  samples: Record<Environment, FirstInvoke[]>;
}

function times(samples: readonly FirstInvoke[]): ColdStartTimes {
  return {
    init_and_first_event_ms: median(samples.map((s) => s.loadMs + s.invokeMs)),
    init_ms: median(samples.map((s) => s.loadMs)),
    init_and_first_event_cpu_ms: median(samples.map((s) => s.cpuMs)),
    process_ms: median(samples.map((s) => s.sinceProcessStartMs)),
  };
}

function figures(subject: Subject) {
  return {
    bundle_bytes: subject.bundle.bytes,
    init_bytes: subject.bundle.initBytes,
    source_map_bytes: subject.bundle.sourceMapBytes,
    traced: times(subject.samples.traced),
    untraced: times(subject.samples.untraced),
    heaviest_packages: heaviestPackages(subject.bundle.metafile),
  };
}

export async function benchColdStart(
  bundles: DeployedBundles,
  {
    runs,
    nodeOptions = {},
  }: {
    runs: number;
    /** A function's NODE_OPTIONS when it is deployed with others than DEPLOYED_NODE_OPTIONS. */
    nodeOptions?: Partial<Record<SubjectName, string>>;
  },
): Promise<ColdStartResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
  const firstEvents = await startFirstEvents(workDir);
  try {
    const subject = (name: SubjectName): Subject => ({
      name,
      bundle: bundles[name],
      eventFile: firstEvents.subjects[name].eventFile,
      nodeOptions: nodeOptions[name] ?? DEPLOYED_NODE_OPTIONS,
      samples: { traced: [], untraced: [] },
    });
    const subjects = (['reference', 'ingest', 'transform', 'compact'] as const).map(subject);
    for (let run = 0; run < runs; run++) {
      // Rotate the order too, so that none always follows the same one.
      for (let i = 0; i < subjects.length * ENVIRONMENTS.length; i++) {
        const s = subjects[(run + i) % subjects.length]!;
        const which = ENVIRONMENTS[(run + Math.floor(i / subjects.length)) % ENVIRONMENTS.length]!;
        s.samples[which].push(
          await firstInvoke({
            bundleFile: s.bundle.file,
            eventFile: s.eventFile,
            env: firstEvents.environment(s.name, s.bundle.file, which === 'traced'),
            nodeOptions: s.nodeOptions,
            label: `${s.name} cold start (${which})`,
          }),
        );
      }
    }
    const [ref, ingest, transform, compact] = subjects.map(figures) as [
      ReturnType<typeof figures>,
      ReturnType<typeof figures>,
      ReturnType<typeof figures>,
      ReturnType<typeof figures>,
    ];
    const against = (f: ReturnType<typeof figures>): ColdStartFigures => ({
      ...f,
      ratio: f.traced.init_and_first_event_ms / ref.traced.init_and_first_event_ms,
      ratio_untraced: f.untraced.init_and_first_event_ms / ref.untraced.init_and_first_event_ms,
      cpu_ratio: f.traced.init_and_first_event_cpu_ms / ref.traced.init_and_first_event_cpu_ms,
      cpu_ratio_untraced: f.untraced.init_and_first_event_cpu_ms / ref.untraced.init_and_first_event_cpu_ms,
      process_ratio: f.traced.process_ms / ref.traced.process_ms,
    });
    return {
      runs,
      node_options: DEPLOYED_NODE_OPTIONS,
      xray_segments: firstEvents.xraySegments(),
      reference: ref,
      ingest: against(ingest),
      transform: against(transform),
      compact: against(compact),
    };
  } finally {
    await firstEvents.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
