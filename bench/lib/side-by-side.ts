/**
 * Times two pieces of work in alternation (subject, floor, floor, subject, ...) so that a
 * shared machine's drift hits both alike, after warm-up rounds that let V8 optimise them.
 * Each round is timed twice: wall clock, and the CPU time of this process (user + system),
 * which other processes competing for the cores do not inflate.
 */
import { median } from './stats.js';

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export interface SideBySide {
  /** Medians over the rounds. */
  subject: Timing;
  floor: Timing;
  /** subject / floor, from the CPU-time medians. */
  ratio: number;
  /** subject / floor, from the wall-clock medians. */
  wallRatio: number;
}

export interface SideBySideOptions {
  warmup: number;
  rounds: number;
  subject: () => Promise<unknown>;
  floor: () => unknown;
}

async function timed(work: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000 };
}

const medians = (timings: readonly Timing[]): Timing => ({
  wallMs: median(timings.map((t) => t.wallMs)),
  cpuMs: median(timings.map((t) => t.cpuMs)),
});

export async function sideBySide({ warmup, rounds, subject, floor }: SideBySideOptions): Promise<SideBySide> {
  for (let i = 0; i < warmup; i++) {
    await subject();
    floor();
  }
  const subjects: Timing[] = [];
  const floors: Timing[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always runs right after the other's garbage.
    if (i % 2 === 0) {
      subjects.push(await timed(subject));
      floors.push(await timed(floor));
    } else {
      floors.push(await timed(floor));
      subjects.push(await timed(subject));
    }
  }
  const s = medians(subjects);
  const f = medians(floors);
  return { subject: s, floor: f, ratio: s.cpuMs / f.cpuMs, wallRatio: s.wallMs / f.wallMs };
}

/** Per record, medians over the rounds: CPU time of the process (what competing processes do not inflate), and wall clock. */
export interface HandlerCost {
  records: number;
  us_per_record: number;
  floor_us_per_record: number;
  /** us_per_record / floor_us_per_record. */
  ratio: number;
  wall_us_per_record: number;
  wall_floor_us_per_record: number;
  wall_ratio: number;
  rounds: number;
}

/** The per-record figures of a side-by-side run over `records` records. */
export function handlerCost(measured: SideBySide, records: number, rounds: number): HandlerCost {
  return {
    records,
    us_per_record: (measured.subject.cpuMs * 1000) / records,
    floor_us_per_record: (measured.floor.cpuMs * 1000) / records,
    ratio: measured.ratio,
    wall_us_per_record: (measured.subject.wallMs * 1000) / records,
    wall_floor_us_per_record: (measured.floor.wallMs * 1000) / records,
    wall_ratio: measured.wallRatio,
    rounds,
  };
}
