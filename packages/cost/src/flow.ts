/**
 * What the pipeline does in a month for a workload, from the stage's settings: how the event
 * source mapping batches each shard, the objects each stage writes and reads, their sizes, and
 * each function's invocations and billed duration (CPU and the waits on S3 and DynamoDB).
 * Every bill line is priced from this; nothing here knows a price.
 */
import { EVENT_TYPES, type EventType } from '@event-pipeline/schema';
import { ASSUMPTIONS } from './assumptions.js';
import { MEASURED } from './measured.js';
import { DAYS_PER_MONTH, PRICES, SECONDS_PER_MONTH } from './prices.js';
import type { StageSettings } from './stage-settings.js';
import type { Measured } from './volume.js';

export interface Workload {
  eventsPerSecond: number;
  /** Average bytes of one event as the producer writes it to the stream. */
  eventBytes: number;
}

/** CPU at one full vCPU: per invocation and per record (the bench passes its own measurement). */
export interface CpuFigures {
  ingest: { msPerInvocation: number; usPerRecord: number };
  transform: { msPerInvocation: number; usPerRecord: number };
}

export interface FunctionFlow {
  invocations: number;
  /** Billed milliseconds of one invocation (Lambda rounds up to the millisecond). */
  billedMs: number;
  memoryMb: number;
  traced: boolean;
  /** Environments running at once, on average (each cold-starts about once an hour). */
  concurrency: number;
}

/** Objects of one event type a stage writes in a month. */
export interface ObjectsOfType {
  type: EventType;
  objects: number;
  bytesPerObject: number;
}

export interface Flow {
  workload: Workload;
  /** The measured facts the flow was computed with (measured.ts unless a test gives others). */
  measured: Measured;
  eventsPerMonth: number;
  ingest: FunctionFlow & {
    perShardRate: number;
    recordsPerInvocation: number;
    limitedBy: 'batch size' | 'payload (6 MB)' | 'batching window';
    /** How long a shard gathers one batch: the oldest record's wait before ingest starts. */
    fillSeconds: number;
    objectsPerInvocation: number;
    ledgerItemBytes: number;
  };
  transform: FunctionFlow;
  compact: FunctionFlow & {
    compactions: number;
    rowsPerCompaction: number;
    secondsPerCompaction: number;
  };
  raw: ObjectsOfType[];
  processed: ObjectsOfType[];
  curated: ObjectsOfType[];
  rawLineBytes: number;
  processedLineBytes: number;
}

const PART_BYTES = 5 * 1024 * 1024;
const MB = 1024 * 1024;

/** S3 PUT-class requests of one upload: multipart (create, parts, complete) above lib-storage's 5 MiB part. */
export function putRequests(bytes: number): number {
  return bytes <= PART_BYTES ? 1 : Math.ceil(bytes / PART_BYTES) + 2;
}

/** A function's share of a vCPU stretches CPU-bound work: 1,769 MB is one full vCPU. */
export function cpuStretch(memoryMb: number): number {
  return Math.max(1, PRICES.lambda.mbPerVcpu / memoryMb);
}

const s3Wait = (requests: number, bytes: number) =>
  requests * ASSUMPTIONS.waits.s3RequestMs + (bytes / MB / ASSUMPTIONS.waits.s3TransferMbPerSecond) * 1000;

/** The bytes of the `data` object of an event of `eventBytes`: the envelope fields keep the samples' size. */
function dataBytes(eventBytes: number, measured: Measured): number {
  const envelope = measured.events.averageBytes * (1 - measured.processedLine.dataShare);
  return Math.max(0, eventBytes - envelope);
}

export function pipelineFlow(
  settings: StageSettings,
  workload: Workload,
  cpu: CpuFigures = ASSUMPTIONS.cpu,
  measured: Measured = MEASURED,
): Flow {
  const { eventsPerSecond: rate, eventBytes } = workload;
  const eventsPerMonth = rate * SECONDS_PER_MONTH;
  const shares = measured.events.typeShares;
  const rawLineBytes = eventBytes + measured.rawLineOverheadBytes;
  const processedLineBytes =
    eventBytes + dataBytes(eventBytes, measured) + measured.processedLine.overheadBytes;

  // Ingest: one mapping per shard, invoked when the batch is full, hits 6 MB, or the window ends.
  const { shards } = settings.stream;
  const perShardRate = rate / shards;
  const payloadRecordBytes = measured.kinesisRecordOverheadBytes + Math.ceil(eventBytes / 3) * 4;
  const payloadCap = Math.floor(PRICES.lambda.maxPayloadBytes / payloadRecordBytes);
  const { batchSize, batchWindowSeconds } = settings.ingest;
  // With no window Lambda still polls each shard about once a second.
  const windowRecords = perShardRate * Math.max(1, batchWindowSeconds);
  const cap = Math.min(batchSize, payloadCap);
  const recordsPerInvocation = Math.max(1, Math.min(cap, windowRecords));
  const limitedBy =
    recordsPerInvocation === windowRecords || recordsPerInvocation === 1
      ? 'batching window'
      : recordsPerInvocation === batchSize
        ? 'batch size'
        : 'payload (6 MB)';
  const fillSeconds = recordsPerInvocation / perShardRate;
  const ingestInvocations = eventsPerMonth / recordsPerInvocation;
  // A batch spanning an hour boundary writes each type's partition twice.
  const hourFactor = 1 + Math.min(1, fillSeconds / 3600);
  const present = (type: EventType, records: number) => 1 - (1 - shares[type]) ** records;
  const perBatch = EVENT_TYPES.map((type) => {
    const objects = present(type, recordsPerInvocation) * hourFactor;
    // A type the workload never has writes no objects.
    return { type, objects, records: objects > 0 ? (recordsPerInvocation * shares[type]) / objects : 0 };
  });
  const objectsPerInvocation = perBatch.reduce((sum, type) => sum + type.objects, 0);
  const ofBytes = (lineBytes: number) =>
    perBatch.map(({ type, objects, records }) => ({
      type,
      objects: objects * ingestInvocations,
      bytesPerObject: records * lineBytes,
    }));
  const raw = ofBytes(rawLineBytes);
  const processed = ofBytes(processedLineBytes);
  const rawObjects = raw.reduce((sum, type) => sum + type.objects, 0);
  const { waits } = ASSUMPTIONS;

  const ingestMs =
    (cpu.ingest.msPerInvocation + (recordsPerInvocation * cpu.ingest.usPerRecord) / 1000) *
      cpuStretch(settings.ingest.memoryMb) +
    s3Wait(
      Math.ceil(objectsPerInvocation / ASSUMPTIONS.ingestWriteConcurrency),
      recordsPerInvocation * rawLineBytes,
    ) +
    waits.dynamodbWriteMs;

  // Transform: one invocation per raw object (one S3 notification each).
  const transformMs =
    raw.reduce((sum, type, index) => {
      const records = perBatch[index]!.records;
      const processedBytes = processed[index]!.bytesPerObject;
      const ms =
        (cpu.transform.msPerInvocation + (records * cpu.transform.usPerRecord) / 1000) *
          cpuStretch(settings.transform.memoryMb) +
        s3Wait(1, type.bytesPerObject) +
        s3Wait(putRequests(processedBytes), processedBytes);
      return sum + ms * type.objects;
    }, 0) /
      rawObjects +
    waits.dynamodbWriteMs;

  // Compact: each partition-hour once, after it has gone quiet; a run every `everyMinutes`.
  const { compact: c } = ASSUMPTIONS;
  const runs = (SECONDS_PER_MONTH / 60) * (1 / settings.compact.everyMinutes);
  const hours = SECONDS_PER_MONTH / 3600;
  const perHour = EVENT_TYPES.map((type) => ({ type, present: present(type, rate * 3600) }));
  const compactions =
    perHour.reduce((sum, type) => sum + type.present, 0) * hours * c.compactionsPerPartitionHour;
  const rowsPerCompaction = eventsPerMonth / (compactions / c.compactionsPerPartitionHour);
  const curated = perHour.map(({ type, present: share }) => ({
    type,
    objects: share * hours * c.compactionsPerPartitionHour,
    bytesPerObject: share > 0 ? (rate * 3600 * shares[type] * c.parquetBytesPerRow) / share : 0,
  }));
  const processedPerCompaction = rawObjects / compactions;
  const compactionMs =
    (rowsPerCompaction * c.usPerRow * cpuStretch(settings.compact.memoryMb)) / 1000 +
    s3Wait(Math.ceil(processedPerCompaction / c.readConcurrency), rowsPerCompaction * processedLineBytes) +
    s3Wait(putRequests(rowsPerCompaction * c.parquetBytesPerRow), rowsPerCompaction * c.parquetBytesPerRow) +
    c.writesPerCompaction * waits.dynamodbWriteMs;
  const runMs = cpu.transform.msPerInvocation * cpuStretch(settings.compact.memoryMb) + waits.dynamodbWriteMs;
  const compactMs = runMs + (compactions * compactionMs) / runs;

  const concurrency = (invocations: number, ms: number) =>
    Math.max(1, Math.ceil((invocations / SECONDS_PER_MONTH) * (ms / 1000)));
  const ingestItemBytes =
    measured.ledger.ingestItemBaseBytes + objectsPerInvocation * measured.ledger.ingestItemBytesPerObject;

  return {
    workload,
    measured,
    eventsPerMonth,
    ingest: {
      invocations: ingestInvocations,
      billedMs: Math.ceil(ingestMs),
      memoryMb: settings.ingest.memoryMb,
      traced: settings.ingest.traced,
      concurrency: shards,
      perShardRate,
      recordsPerInvocation,
      limitedBy,
      fillSeconds,
      objectsPerInvocation,
      ledgerItemBytes: ingestItemBytes,
    },
    transform: {
      invocations: rawObjects,
      billedMs: Math.ceil(transformMs),
      memoryMb: settings.transform.memoryMb,
      traced: settings.transform.traced,
      concurrency: concurrency(rawObjects, transformMs),
    },
    compact: {
      invocations: runs,
      billedMs: Math.ceil(compactMs),
      memoryMb: settings.compact.memoryMb,
      traced: settings.compact.traced,
      concurrency: 1,
      compactions,
      rowsPerCompaction,
      secondsPerCompaction: compactionMs / 1000,
    },
    raw,
    processed,
    curated,
    rawLineBytes,
    processedLineBytes,
  };
}

/** Objects a month, each costing `requests(bytes)` requests (one by default). */
export function count(
  objects: readonly ObjectsOfType[],
  requests: (bytes: number) => number = () => 1,
): number {
  return objects.reduce((sum, type) => sum + type.objects * requests(type.bytesPerObject), 0);
}

/** Days of operation after `months` months. */
export const daysOf = (months: number) => months * DAYS_PER_MONTH;
