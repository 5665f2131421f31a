/**
 * A stage's monthly bill for a workload, line by line, from its own settings; beside it the
 * same workload on Firehose, the reference's estimate, and the limits the prod profile keeps.
 */
import { ASSUMPTIONS } from './assumptions.js';
import { type BillLine, type LineKey, lineTotals } from './bill-line.js';
import { type FirehoseBill, firehoseBill } from './firehose.js';
import { type CpuFigures, type Flow, pipelineFlow, type Workload } from './flow.js';
import { athenaLine, curatedParquet, processedJson } from './lines/athena.js';
import { cloudwatchLine } from './lines/cloudwatch.js';
import { dynamodbLine } from './lines/dynamodb.js';
import { kinesisLine } from './lines/kinesis.js';
import { kmsLine } from './lines/kms.js';
import { lambdaLine } from './lines/lambda.js';
import { lakeStorage, s3RequestsLine, s3StorageLine, storageGrowthUsdPerMonth } from './lines/s3.js';
import { sqsLine } from './lines/sqs.js';
import { xrayLine } from './lines/xray.js';
import { PRICES } from './prices.js';
import { PROD_PROCESSING_LIMITS_USD, type ReferenceEstimate, referenceEstimate } from './reference.js';
import type { StageSettings } from './stage-settings.js';
import type { Measured } from './volume.js';

export interface BillOptions {
  /** Months of operation the storage is priced after (default 12). */
  months?: number;
  /** CPU figures in place of the stated ones (the bench passes its measurement). */
  cpu?: CpuFigures;
  /** Measured facts in place of measured.ts (tests). */
  measured?: Measured;
}

export interface Bill {
  stage: string;
  workload: Workload;
  months: number;
  flow: Flow;
  lines: BillLine[];
  total: number;
  /** The Glacier part grows by this much each further month (raw data is never deleted). */
  storageGrowthUsdPerMonth: number;
  /** Estimated worst wait from an event's arrival to its processed object: batch gathering and processing. */
  estimatedLatencySeconds: number;
  /** The saved queries on processed JSON instead of curated Parquet. */
  athenaOnProcessedJson: BillLine;
  firehose: { json: FirehoseBill; parquet: FirehoseBill };
  reference: ReferenceEstimate | undefined;
  /** The processing lines' limits, for the stages whose workload the reference prices as production. */
  limits: Partial<Record<LineKey, number>>;
  warnings: string[];
  assumptions: string[];
}

/** S3 takes about a second to deliver an object-created notification (assumed). */
const NOTIFICATION_SECONDS = 1;

function warningsOf(flow: Flow, settings: StageSettings): string[] {
  const warnings: string[] = [];
  const { ingest, compact } = flow;
  if (ingest.limitedBy === 'payload (6 MB)')
    warnings.push(
      `batch size ${settings.ingest.batchSize} does not fit Lambda's 6 MB payload at ${flow.workload.eventBytes}-byte events: ` +
        `batches stop at ${Math.floor(ingest.recordsPerInvocation)} records`,
    );
  if (ingest.billedMs / 1000 > ingest.fillSeconds)
    warnings.push(
      'ingest takes longer than a shard takes to gather its next batch: the stream would fall behind',
    );
  if (compact.secondsPerCompaction > 900)
    warnings.push(
      `a partition-hour takes ${compact.secondsPerCompaction.toFixed(0)} s to compact: beyond Lambda's 15 minutes`,
    );
  return warnings;
}

function assumptionsOf(settings: StageSettings): string[] {
  const { waits, cpu, compact, xray, athena, kms } = ASSUMPTIONS;
  return [
    `prices: ${PRICES.region}, on demand, arm64 Lambda, no free tier (packages/cost/src/prices.ts)`,
    `waits: S3 request ${waits.s3RequestMs} ms + ${waits.s3TransferMbPerSecond} MB/s, DynamoDB write ${waits.dynamodbWriteMs} ms (${waits.source})`,
    `CPU at one vCPU: ingest ${cpu.ingest.msPerInvocation} ms + ${cpu.ingest.usPerRecord} us/record, transform ${cpu.transform.msPerInvocation} ms + ${cpu.transform.usPerRecord} us/record (${cpu.source})`,
    `compaction: ${compact.source}; ${compact.usPerRow} us/row, ${compact.parquetBytesPerRow} B/row of Parquet, ${settings.compact.memoryMb} MB (${settings.compact.source})`,
    'no invalid records, no failures or retries (no quarantine objects, DLQ messages or noncurrent versions from retries)',
    `log lines, EMF metrics, line sizes and ledger items measured from the handlers (packages/cost/src/measured.ts); Lambda's own lines ${ASSUMPTIONS.platformLogBytesPerInvocation} B an invocation`,
    `X-Ray: ${xray.source}`,
    `Athena: ${athena.source}`,
    `KMS: ${kms.source}`,
    'event types as the sample generator mixes them; event times close to arrival (one hour partition per batch, two across the hour)',
  ];
}

export function monthlyBill(settings: StageSettings, workload: Workload, options: BillOptions = {}): Bill {
  const months = options.months ?? ASSUMPTIONS.storage.defaultMonths;
  const flow = pipelineFlow(settings, workload, options.cpu, options.measured);
  const storage = lakeStorage(flow, settings, months);
  const lines = [
    kinesisLine(settings, workload, flow.eventsPerMonth),
    lambdaLine(flow),
    s3RequestsLine(flow),
    s3StorageLine(storage, settings, months),
    dynamodbLine(flow, settings),
    cloudwatchLine(flow, settings),
    xrayLine(flow),
    sqsLine(flow),
    athenaLine(flow, curatedParquet(flow)),
    kmsLine(settings),
  ];
  const reference = referenceEstimate(settings.stage);
  return {
    stage: settings.stage,
    workload,
    months,
    flow,
    lines,
    total: lineTotals(lines).total,
    storageGrowthUsdPerMonth: storageGrowthUsdPerMonth(storage),
    estimatedLatencySeconds:
      flow.ingest.fillSeconds +
      flow.ingest.billedMs / 1000 +
      NOTIFICATION_SECONDS +
      flow.transform.billedMs / 1000,
    athenaOnProcessedJson: athenaLine(flow, processedJson(flow)),
    firehose: {
      json: firehoseBill(flow, settings, months, false),
      parquet: firehoseBill(flow, settings, months, true),
    },
    reference,
    limits: settings.stage === 'prod' ? { ...PROD_PROCESSING_LIMITS_USD } : {},
    warnings: warningsOf(flow, settings),
    assumptions: assumptionsOf(settings),
  };
}
