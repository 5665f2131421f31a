/**
 * Cost per million records: the Lambda design (ingest, then transform) from the measured
 * time per invocation, next to Amazon Data Firehose with dynamic partitioning doing ingest's
 * job (stream to partitioned S3 objects). Prices live in packages/cost (src/prices.ts).
 */
import { cpuStretch, PRICES } from '@event-pipeline/cost';

const MILLION = 1_000_000;

/**
 * The duration Lambda bills for work that took `measuredMs` of one full CPU here: a function
 * of `memoryMb` gets memoryMb / 1,769 of a vCPU, so CPU-bound work takes that much longer.
 * (It assumes a Lambda vCPU and this machine's core are alike; the network waits are not in it.)
 */
export function lambdaMsAt(memoryMb: number, measuredMs: number): number {
  return measuredMs * cpuStretch(memoryMb);
}

export interface LambdaCostInput {
  /** Billed duration of one warm invocation, ms (Lambda bills in 1 ms steps). */
  msPerInvocation: number;
  recordsPerInvocation: number;
  memoryMb: number;
}

/** Lambda compute and request cost of a million records. */
export function lambdaUsdPerMillion({
  msPerInvocation,
  recordsPerInvocation,
  memoryMb,
}: LambdaCostInput): number {
  const invocations = MILLION / recordsPerInvocation;
  const gbSeconds = invocations * (Math.ceil(msPerInvocation) / 1000) * (memoryMb / 1024);
  return (
    gbSeconds * PRICES.lambda.usdPerGbSecond + (invocations / MILLION) * PRICES.lambda.usdPerMillionRequests
  );
}

export interface FirehoseCostInput {
  averageRecordBytes: number;
  /** S3 objects Firehose delivers for a million records (one per active partition per buffer flush). */
  objectsPerMillion: number;
}

/** Firehose ingestion (5 KB rounding) and dynamic partitioning for a million records. */
export function firehoseUsdPerMillion({ averageRecordBytes, objectsPerMillion }: FirehoseCostInput): number {
  const {
    ingestionUsdPerGb,
    ingestionRecordIncrementBytes,
    dynamicPartitioningUsdPerGb,
    dynamicPartitioningUsdPerThousandObjects,
  } = PRICES.firehose;
  const gib = 1024 ** 3;
  const billedBytes =
    Math.ceil(averageRecordBytes / ingestionRecordIncrementBytes) * ingestionRecordIncrementBytes;
  const ingestion = ((MILLION * billedBytes) / gib) * ingestionUsdPerGb;
  const partitioning = ((MILLION * averageRecordBytes) / gib) * dynamicPartitioningUsdPerGb;
  return ingestion + partitioning + (objectsPerMillion / 1000) * dynamicPartitioningUsdPerThousandObjects;
}

/** Objects Firehose delivers for a million records arriving at `recordsPerSecond` into `partitions` partitions. */
export function firehoseObjectsPerMillion({
  recordsPerSecond,
  partitions,
  bufferSeconds = PRICES.firehose.minimumBufferSeconds,
}: {
  recordsPerSecond: number;
  partitions: number;
  bufferSeconds?: number;
}): number {
  const flushes = Math.ceil(MILLION / recordsPerSecond / bufferSeconds);
  return flushes * partitions;
}

/** S3 request cost of a million records written as `putsPerMillion` objects and read `getsPerMillion` times. */
export function s3RequestsUsdPerMillion({
  putsPerMillion,
  getsPerMillion = 0,
}: {
  putsPerMillion: number;
  getsPerMillion?: number;
}): number {
  return (
    (putsPerMillion / 1000) * PRICES.s3.usdPerThousandPuts +
    (getsPerMillion / 1000) * PRICES.s3.usdPerThousandGets
  );
}
