/**
 * The compactor behind its schedule, at local speed (docs/architecture.md §7, §8): the real
 * compact handler, configured as its compiled template configures it, invoked by a timer every
 * `everySeconds` with the settle time scaled by the same factor as the period (the stage's 15
 * minutes and 5 minutes become, at `--compact-every 60`, 60 s and 20 s), and on demand (the end
 * of a run, `npm run compact`-style requests). Runs never overlap here: a tick that finds a run
 * in progress is skipped, a request waits for it. What each partition's latest compaction did
 * is kept for the status line and the summary.
 */
import { randomUUID } from 'node:crypto';
import type { CompactEvent, CompactedPartition, RunRequest, RunSummary } from '@event-pipeline/compact';
import type { Emulators } from '@event-pipeline/emulators';
import { invoke, localFunction } from '../lambda/function.js';
import { compactHandler, type HandlerClients, handlerClients, type LogLevel } from './handlers.js';
import type { ScheduleTrigger } from './triggers.js';

const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

/** The period of an EventBridge `rate(<n> <unit>)` expression in seconds; undefined for `cron(...)`. */
export function rateSeconds(expression: string): number | undefined {
  const match = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/.exec(expression.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]!]! : undefined;
}

export interface LocalTimings {
  everySeconds: number;
  settleSeconds: number;
}

/**
 * The schedule's settle logic at a local period: the settle time keeps its share of the period.
 * A cron schedule has no period to scale by: a partition must then be quiet for one local period.
 */
export function localTimings(scheduleExpression: string, settleSeconds: number, everySeconds: number) {
  const period = rateSeconds(scheduleExpression);
  return {
    everySeconds,
    settleSeconds: period === undefined ? everySeconds : (settleSeconds * everySeconds) / period,
  };
}

/** What the compactions of this stack have done, partition by partition (the latest of each). */
export interface CompactionCounters {
  runs: number;
  /** Runs that failed (their failed partitions stay pending). */
  failedRuns: number;
  partitions: number;
  rows: number;
  duplicatesDropped: number;
  conflicts: number;
  /** Lines compaction quarantined (unreadable, or not of their partition). */
  quarantined: number;
  bytesIn: number;
  bytesOut: number;
}

/** The counters of a set of compactions, one per partition (its latest). */
export function countCompactions(
  partitions: Iterable<CompactedPartition>,
  runs: { runs: number; failedRuns: number },
): CompactionCounters {
  const counters: CompactionCounters = {
    ...runs,
    partitions: 0,
    rows: 0,
    duplicatesDropped: 0,
    conflicts: 0,
    quarantined: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  for (const partition of partitions) {
    counters.partitions++;
    counters.rows += partition.rows;
    counters.duplicatesDropped += partition.duplicates_dropped;
    counters.conflicts += partition.conflicts;
    counters.quarantined += partition.quarantined;
    counters.bytesIn += partition.bytes_in;
    counters.bytesOut += partition.bytes_out;
  }
  return counters;
}

export type CompactionRun =
  | { ok: true; summary: RunSummary }
  | { ok: false; error: Error; summary: RunSummary | undefined };

export interface CompactSchedule {
  /** The local timings, when the schedule runs. */
  timings: LocalTimings | undefined;
  /** One run after any in progress: the schedule's choice when `request` is empty. */
  run(request?: RunRequest): Promise<CompactionRun>;
  counters(): CompactionCounters;
  /** Each compacted partition's latest compaction. */
  partitions(): ReadonlyMap<string, CompactedPartition>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

interface CompactScheduleOptions {
  emulators: Emulators;
  trigger: ScheduleTrigger;
  logLevel: LogLevel;
  /** Runs the schedule every this many seconds; no timer when omitted. */
  everySeconds?: number;
  decorateClients?: (clients: HandlerClients) => void;
}

/** The event EventBridge sends a scheduled target (its content does not matter to the compactor). */
function scheduledEvent(trigger: ScheduleTrigger, region: string): CompactEvent {
  const account = trigger.fn.arn.split(':')[4] ?? '';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${trigger.fn.name}-schedule`],
    detail: {},
  };
}

/** The summary a run ended with: its response, or the one a failed run carries (RunFailedError). */
function summaryOf(error: Error): RunSummary | undefined {
  const summary = (error as { summary?: RunSummary }).summary;
  return summary !== undefined && Array.isArray(summary.compacted) ? summary : undefined;
}

export function startCompactSchedule(options: CompactScheduleOptions): CompactSchedule {
  const { emulators, trigger } = options;
  const clients = handlerClients(emulators);
  options.decorateClients?.(clients);
  const timings =
    options.everySeconds === undefined
      ? undefined
      : localTimings(
          trigger.scheduleExpression,
          Number(trigger.fn.environment.SETTLE_SECONDS ?? 300),
          options.everySeconds,
        );
  const fn = localFunction(
    trigger.fn,
    compactHandler(trigger.fn.environment, clients, options.logLevel, {
      ...(timings ? { overrides: { settleSeconds: timings.settleSeconds } } : {}),
    }),
  );
  const latest = new Map<string, CompactedPartition>();
  let runs = 0;
  let failedRuns = 0;
  let busy = false;
  let chain: Promise<unknown> = Promise.resolve();

  const record = (summary: RunSummary | undefined) => {
    for (const compacted of summary?.compacted ?? []) latest.set(compacted.partition, compacted);
  };

  function run(request: RunRequest = {}): Promise<CompactionRun> {
    const event =
      request.partitions || request.all ? { ...request } : scheduledEvent(trigger, emulators.region);
    const result = chain.then(async (): Promise<CompactionRun> => {
      busy = true;
      try {
        const outcome = await invoke(fn, event as CompactEvent);
        runs++;
        if (outcome.ok) {
          record(outcome.response);
          return { ok: true, summary: outcome.response };
        }
        failedRuns++;
        const summary = summaryOf(outcome.error);
        record(summary);
        return { ok: false, error: outcome.error, summary };
      } finally {
        busy = false;
      }
    });
    chain = result;
    return result;
  }

  const timer =
    timings === undefined
      ? undefined
      : setInterval(() => {
          if (!busy) void run();
        }, timings.everySeconds * 1000);
  timer?.unref();

  return {
    timings,
    run,
    counters: () => countCompactions(latest.values(), { runs, failedRuns }),
    partitions: () => latest,
    async stop() {
      clearInterval(timer);
      await chain;
    },
  };
}
