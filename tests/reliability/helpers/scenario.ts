/**
 * One fault run, end to end: the local pipeline with every fault of the plan injected, the
 * traffic (a poison record every `poisonEvery`), the pipeline left to settle, then, the
 * incident over, both DLQs redriven with the recovery tools until they are empty, and the lake
 * audited. Shared by the CI-sized test and the larger run (`npm run test:faults`).
 */
import { fileURLToPath } from 'node:url';
import { localTarget } from '@event-pipeline/cli';
import { type LocalPipeline, type PipelineStatus, startLocalPipeline } from '@event-pipeline/local';
import { type RedriveSummary, redrive } from '@event-pipeline/recovery';
import {
  queueDepth,
  type SentRecord,
  sendSamples,
} from '../../../packages/recovery/tests/helpers/local-stack.js';
import { createFaultInjector, type FaultCounts, type FaultPlan, ISSUE_FAULTS } from './fault-injector.js';
import { auditLake, type LakeAudit } from './lake-audit.js';
import { faultTraffic } from './traffic.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAX_RECOVERY_ROUNDS = 3;

export interface FaultRunOptions {
  events: number;
  seed: number;
  poisonEvery?: number;
  faults?: Partial<Omit<FaultPlan, 'seed'>>;
  /** How long the pipeline may take to settle under the faults. */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
  /** Called about once a second while the pipeline works. */
  onStatus?: (status: PipelineStatus) => void;
}

export interface FaultRunReport {
  events: number;
  valid: number;
  poison: number;
  seed: number;
  plan: FaultPlan;
  faults: FaultCounts;
  /** The pipeline's counters when it settled under the faults. */
  underFaults: PipelineStatus;
  dlqAfterFaults: { ingest: number; transform: number };
  redrives: RedriveSummary[];
  dlqAtEnd: { ingest: number; transform: number };
  audit: LakeAudit;
  timings: { produceMs: number; settleMs: number; recoverMs: number; totalMs: number };
}

async function depths(pipeline: LocalPipeline) {
  return {
    ingest: await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest),
    transform: await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.transform),
  };
}

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunReport> {
  const { events, seed, log = () => undefined } = options;
  const plan: FaultPlan = { ...ISSUE_FAULTS, ...options.faults, seed };
  const injector = createFaultInjector(plan);
  const started = Date.now();
  const pipeline = await startLocalPipeline({
    rootDir: ROOT,
    logLevel: 'SILENT',
    // The stage's settings, with shorter waits than the cloud's: a batch window of 0.5 s instead
    // of 5 s, retries of failed transforms after 0.1-0.2 s instead of 1-2 minutes.
    mapping: { batchWindowSeconds: 0.5 },
    pollIntervalMs: 100,
    asyncRetryDelayMs: (retry) => 100 * retry,
    decorateClients: (fn, clients) => injector.decorateClients(fn, clients),
    wrapIngest: (handler) => injector.wrapIngest(handler),
    wrapTransform: (handler) => injector.wrapTransform(handler),
  });
  const ticker = options.onStatus
    ? setInterval(() => options.onStatus?.(pipeline.status()), 1_000)
    : undefined;
  try {
    const samples = faultTraffic(events, seed, options.poisonEvery);
    log(`Producing ${events} events (a poison record every ${options.poisonEvery ?? 1000}) under faults ...`);
    const sent: SentRecord[] = await sendSamples(pipeline, samples);
    const produced = Date.now();
    await pipeline.settle(options.settleTimeoutMs ?? 120_000);
    const settled = Date.now();
    const underFaults = pipeline.status();
    const dlqAfterFaults = await depths(pipeline);
    log(
      `Settled under faults: DLQ ingest ${dlqAfterFaults.ingest} messages, transform ${dlqAfterFaults.transform}; ` +
        'the incident is over, redriving ...',
    );

    injector.stop();
    const target = localTarget({ rootDir: ROOT, stack: pipeline.stack, source: 'the fault run' });
    const redrives: RedriveSummary[] = [];
    try {
      for (let round = 1; round <= MAX_RECOVERY_ROUNDS; round++) {
        const now = await depths(pipeline);
        if (now.ingest === 0 && now.transform === 0) break;
        for (const queue of ['ingest', 'transform'] as const) {
          if ((await depths(pipeline))[queue] === 0) continue;
          const summary = await redrive({ target, queue });
          redrives.push(summary);
          log(
            `Redrive ${queue} (round ${round}): ${summary.redriven} of ${summary.received} messages, ${summary.items} items`,
          );
          // What was redriven goes on through the pipeline (raw objects to the transformer): the
          // notifications are queued by the time the redrive returns, so settling waits for them.
          await pipeline.settle(60_000);
        }
      }
    } finally {
      target.destroy();
    }
    const recovered = Date.now();
    const audit = await auditLake(pipeline.clients.s3, pipeline.stack, sent);
    return {
      events,
      valid: sent.filter((record) => record.valid).length,
      poison: sent.filter((record) => !record.valid).length,
      seed,
      plan,
      faults: injector.counts(),
      underFaults,
      dlqAfterFaults,
      redrives,
      dlqAtEnd: await depths(pipeline),
      audit,
      timings: {
        produceMs: produced - started,
        settleMs: settled - produced,
        recoverMs: recovered - settled,
        totalMs: Date.now() - started,
      },
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await pipeline.stop();
  }
}
