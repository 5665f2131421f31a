/**
 * One fault run, end to end: the local pipeline with every fault of the plan injected, the
 * traffic (a poison record every `poisonEvery`), the pipeline left to settle, then, the
 * incident over, what the DLQs hold read and both DLQs redriven with the recovery tools until
 * they are empty, the lake audited (every dead-lettered record and object, every record of a
 * crash before any write, and every duplicate accounted for), and the lake compacted and
 * curated/ read back with DuckDB against processed/ and what was sent. Shared by the CI-sized
 * test and the larger run (`npm run test:faults`).
 */
import { fileURLToPath } from 'node:url';
import { localTarget, queueDepth } from '@event-pipeline/cli';
import {
  type CompactionCounters,
  type CuratedReconciliation,
  type LocalPipeline,
  type PipelineStatus,
  positionKey,
  startLocalPipeline,
} from '@event-pipeline/local';
import { pipelineFunctions, type RedriveSummary, redrive } from '@event-pipeline/recovery';
import { type SentRecord, sendSamples } from '../../../packages/recovery/tests/helpers/local-stack.js';
import { type DeadLetteredBatch, type DeadLetteredObject, readDeadLetters } from './dead-letters.js';
import { type Deliveries, trackDeliveries } from './deliveries.js';
import { createFaultInjector, type FaultCounts, type FaultPlan, ISSUE_FAULTS } from './fault-injector.js';
import { auditLake, expectedLanding, type LakeAudit, type LakeIndex, processedTwin } from './lake-audit.js';
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

/** One produced record, followed to the end of the run. */
export interface AccountedRecord {
  /** `<shard id>:<sequence number>`. */
  position: string;
  recordId: string;
  /** Where it must land: `processed` or `quarantined:<code>`. */
  expected: string;
  /** Where the lake holds it (undefined: nowhere). */
  found: string | undefined;
  /** Its lines there. */
  copies: number;
  /** Runs of the ingest handler over it, in the pipeline and in the redrive. */
  runs: number;
  /** The redrive processed it. */
  redriven: boolean;
}

/** An object of the transform DLQ, after the redrive. */
export interface AccountedObject extends DeadLetteredObject {
  redriven: boolean;
  /** Record ids of its lines in the raw bucket, and in its processed twin (undefined: no such object). */
  rawRecords: string[] | undefined;
  processedRecords: string[] | undefined;
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
  /**
   * Whether it settled within the timeout. If not, the faults stopped with work still in flight
   * (a retry then succeeds instead of ending in a DLQ): the run's figures are not the plan's.
   */
  settledUnderFaults: boolean;
  dlqAfterFaults: { ingest: number; transform: number };
  /** What the DLQs held once the pipeline settled under the faults, each followed to the end. */
  deadLettered: {
    ingest: Array<DeadLetteredBatch & { records: AccountedRecord[] }>;
    transform: AccountedObject[];
  };
  redrives: RedriveSummary[];
  dlqAtEnd: { ingest: number; transform: number };
  audit: LakeAudit;
  /** The records of the invocations that crashed before any write. */
  crashedBeforeWork: AccountedRecord[];
  duplicates: {
    /** Records with more lines in the lake than ingest runs over them (none may have). */
    beyondRuns: AccountedRecord[];
    /** Re-deliveries: ingest runs over a record beyond its first, summed over every record. */
    redeliveries: number;
  };
  /** The compaction of every pending partition once the lake is recovered, and what it made. */
  compaction: CompactionCounters & { error: string | undefined; failedPartitions: number };
  /** curated/ read back with DuckDB against processed/ (its record ids left out). */
  curated: Omit<CuratedReconciliation, 'curatedIds'> & {
    /** Valid records sent that curated/ does not hold (none may be). */
    validNotCurated: string[];
  };
  timings: {
    produceMs: number;
    settleMs: number;
    recoverMs: number;
    compactMs: number;
    totalMs: number;
  };
}

/** Every pending partition compacted, then curated/ checked against processed/ and the valid records sent. */
async function compactLake(pipeline: LocalPipeline, sent: readonly SentRecord[]) {
  const run = await pipeline.compact({ all: true });
  const { curatedIds, ...curated } = await pipeline.reconcileCurated();
  return {
    compaction: {
      ...pipeline.status().curated,
      error: run.ok ? undefined : run.error.message,
      failedPartitions: run.summary?.failed.length ?? 0,
    },
    curated: {
      ...curated,
      validNotCurated: sent
        .filter((record) => record.valid && !curatedIds.has(record.recordId))
        .map((record) => record.recordId),
    },
  };
}

async function depths(pipeline: LocalPipeline) {
  return {
    ingest: await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest),
    transform: await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.transform),
  };
}

/** The records of each dead-lettered batch and each dead-lettered object, followed to the end. */
function accountForDeadLetters(
  deadLetters: Awaited<ReturnType<typeof readDeadLetters>>,
  sent: readonly SentRecord[],
  account: (record: SentRecord) => AccountedRecord,
  deliveries: Deliveries,
  lake: LakeIndex,
): FaultRunReport['deadLettered'] {
  const inRange = (batch: DeadLetteredBatch) => (record: SentRecord) =>
    record.shardId === batch.shardId &&
    BigInt(record.sequenceNumber) >= BigInt(batch.startSequenceNumber) &&
    BigInt(record.sequenceNumber) <= BigInt(batch.endSequenceNumber);
  return {
    ingest: deadLetters.ingest.map((batch) => ({
      ...batch,
      records: sent.filter(inRange(batch)).map(account),
    })),
    transform: deadLetters.transform.map((object) => ({
      ...object,
      redriven: deliveries.redrivenObjects.has(object.eventKey),
      rawRecords: lake.rawObject(object.key),
      processedRecords: lake.processedObject(processedTwin(object.key)),
    })),
  };
}

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunReport> {
  const { events, seed, log = () => undefined } = options;
  const plan: FaultPlan = { ...ISSUE_FAULTS, ...options.faults, seed };
  const injector = createFaultInjector(plan);
  const deliveries = trackDeliveries();
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
    // The count sits inside the injector: a crash before the handler runs is no run.
    wrapIngest: (handler) => injector.wrapIngest(deliveries.wrapIngest(handler)),
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
    const settleTimeoutMs = options.settleTimeoutMs ?? 120_000;
    await pipeline.settle(settleTimeoutMs);
    const settled = Date.now();
    const underFaults = pipeline.status();
    const dlqAfterFaults = await depths(pipeline);
    const deadLetters = await readDeadLetters(pipeline.clients.sqs, pipeline.stack.dlq);
    log(
      `Settled under faults: DLQ ingest ${dlqAfterFaults.ingest} messages, transform ${dlqAfterFaults.transform}; ` +
        'the incident is over, redriving ...',
    );

    injector.stop();
    const target = await localTarget({ rootDir: ROOT, stack: pipeline.stack, source: 'the fault run' });
    const functions = deliveries.wrapRecovery(pipelineFunctions(target, 'SILENT'));
    const redrives: RedriveSummary[] = [];
    try {
      for (let round = 1; round <= MAX_RECOVERY_ROUNDS; round++) {
        const now = await depths(pipeline);
        if (now.ingest === 0 && now.transform === 0) break;
        for (const queue of ['ingest', 'transform'] as const) {
          if ((await depths(pipeline))[queue] === 0) continue;
          const summary = await redrive({ target, queue, functions });
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
    const { audit, lake } = await auditLake(pipeline.clients.s3, pipeline.stack, sent);
    log('Compacting the lake and reading curated/ back ...');
    const { compaction, curated } = await compactLake(pipeline, sent);
    const compacted = Date.now();
    const account = (record: SentRecord): AccountedRecord => {
      const position = positionKey(record);
      return {
        position,
        recordId: record.recordId,
        expected: expectedLanding(record),
        found: lake.landing(record.recordId),
        copies: lake.copies(record.recordId),
        runs: deliveries.runs(position),
        redriven: deliveries.redrivenRecords.has(position),
      };
    };
    const faults = injector.counts();
    const crashedPositions = new Set(faults.crashedBeforeWork);
    const accounted = sent.map(account);
    return {
      events,
      valid: sent.filter((record) => record.valid).length,
      poison: sent.filter((record) => !record.valid).length,
      seed,
      plan,
      faults,
      underFaults,
      settledUnderFaults: settled - produced < settleTimeoutMs,
      dlqAfterFaults,
      deadLettered: accountForDeadLetters(deadLetters, sent, account, deliveries, lake),
      redrives,
      dlqAtEnd: await depths(pipeline),
      audit,
      crashedBeforeWork: accounted.filter((record) => crashedPositions.has(record.position)),
      duplicates: {
        beyondRuns: accounted.filter((record) => record.copies > record.runs),
        redeliveries: accounted.reduce((sum, record) => sum + Math.max(0, record.runs - 1), 0),
      },
      compaction,
      curated,
      timings: {
        produceMs: produced - started,
        settleMs: settled - produced,
        recoverMs: recovered - settled,
        compactMs: compacted - recovered,
        totalMs: Date.now() - started,
      },
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await pipeline.stop();
  }
}
