/**
 * The cost figures of the report, from the measured warm invocation times (traced, as the
 * functions run in Lambda) at the deployed 512 MB, and the sample events' average size.
 */

import { PRICES } from '@event-pipeline/cost';
import { EVENT_TYPES } from '@event-pipeline/schema';
import type { CpuResult } from '../handlers/cpu-worker.js';
import {
  firehoseObjectsPerMillion,
  firehoseUsdPerMillion,
  lambdaMsAt,
  lambdaUsdPerMillion,
  s3RequestsUsdPerMillion,
} from './cost.js';
import { TARGETS } from './targets.js';

/** Both functions' `memorySize` in services/*\/serverless.yml. */
const MEMORY_MB = 512;
const MILLION = 1_000_000;

export interface CostResult {
  memory_mb: number;
  /** Estimated billed ms of one ingest invocation (batch of `batch_size`) at 512 MB, CPU only. */
  ingest_ms_per_invocation: number;
  transform_ms_per_invocation: number;
  /** The ingest function alone: what Firehose with dynamic partitioning would replace. */
  lambda_usd_per_million: number;
  firehose_usd_per_million: number;
  /** Ingest and transform Lambdas together. */
  pipeline_lambda_usd_per_million: number;
  /** S3 requests of the Lambda pipeline: raw and processed PUTs, the transformer's GETs. */
  pipeline_s3_requests_usd_per_million: number;
  firehose_objects_per_million: number;
  average_record_bytes: number;
  assumptions: string[];
}

export function estimateCost(cpu: CpuResult, averageRecordBytes: number): CostResult {
  const { ingest, transform } = cpu;
  const ingestMs = lambdaMsAt(MEMORY_MB, ingest.traced.ms_per_batch);
  const transformMs = lambdaMsAt(MEMORY_MB, transform.traced.ms_per_object);
  const lambda = lambdaUsdPerMillion({
    msPerInvocation: ingestMs,
    recordsPerInvocation: ingest.batch_size,
    memoryMb: MEMORY_MB,
  });
  const transformLambda = lambdaUsdPerMillion({
    msPerInvocation: transformMs,
    recordsPerInvocation: transform.records_per_object,
    memoryMb: MEMORY_MB,
  });
  const rawObjects = (MILLION / ingest.batch_size) * ingest.objects_per_batch;
  // Firehose at the rate the pipeline is built for, partitioned like raw/ (event type, hour).
  const firehoseObjects = firehoseObjectsPerMillion({
    recordsPerSecond: TARGETS.e2eRate,
    partitions: EVENT_TYPES.length,
  });
  return {
    memory_mb: MEMORY_MB,
    ingest_ms_per_invocation: ingestMs,
    transform_ms_per_invocation: transformMs,
    lambda_usd_per_million: lambda,
    firehose_usd_per_million: firehoseUsdPerMillion({
      averageRecordBytes,
      objectsPerMillion: firehoseObjects,
    }),
    pipeline_lambda_usd_per_million: lambda + transformLambda,
    pipeline_s3_requests_usd_per_million: s3RequestsUsdPerMillion({
      putsPerMillion: rawObjects * 2,
      getsPerMillion: rawObjects,
    }),
    firehose_objects_per_million: firehoseObjects,
    average_record_bytes: averageRecordBytes,
    assumptions: [
      `warm invocations, traced, measured here on one core and scaled to ${MEMORY_MB} MB (${(MEMORY_MB / PRICES.lambda.mbPerVcpu).toFixed(2)} vCPU)`,
      'CPU only: the waits for S3 and DynamoDB (tens of ms per invocation in the cloud) are not in the Lambda figures',
      `Firehose: ${TARGETS.e2eRate} records/s, ${EVENT_TYPES.length} partitions an hour, ${PRICES.firehose.minimumBufferSeconds} s buffer; no JQ hours`,
      `arm64 Lambda prices, ${PRICES.region}`,
    ],
  };
}
