/**
 * The reference architecture's own monthly estimates (its "Cost Breakdown (Monthly)" table,
 * docs/architecture.md §10), and the lines a stage profile must stay within at its workload.
 * The reference counts one month of one copy of the data for S3 and omits Kinesis PUT units.
 */

export interface ReferenceEstimate {
  workload: string;
  kinesis: number;
  lambda: number;
  /** Storage and requests together ("S3: $25 (1 TB)"). */
  s3: number;
  dynamodb: number;
  cloudwatch: number;
  total: number;
}

export const REFERENCE_ESTIMATES: Readonly<Record<'dev' | 'prod', ReferenceEstimate>> = {
  dev: {
    workload: '2 shards, 10 events/s ("Development/Testing (Low Traffic)")',
    kinesis: 22,
    lambda: 5,
    s3: 5,
    dynamodb: 2,
    cloudwatch: 2,
    total: 36,
  },
  prod: {
    workload: '8 shards, ~1,000 events/s, "1 TB in S3" ("Production (Medium Traffic)")',
    kinesis: 88,
    lambda: 20,
    s3: 25,
    dynamodb: 10,
    cloudwatch: 10,
    total: 153,
  },
};

/** The reference estimate for a stage of that name, if the reference has one. */
export function referenceEstimate(stage: string): ReferenceEstimate | undefined {
  return stage === 'dev' || stage === 'prod' ? REFERENCE_ESTIMATES[stage] : undefined;
}

/**
 * The processing lines the pipeline's design decides, at the prod workload: within the
 * reference's own lines (Lambda, DynamoDB, CloudWatch), and S3 requests within $5 (issue 14).
 * The stream and the storage are paid by any design, Firehose's too, and are not limited here.
 */
export const PROD_PROCESSING_LIMITS_USD = {
  lambda: 20,
  dynamodb: 10,
  cloudwatch: 10,
  s3_requests: 5,
} as const;

/** The prod profile's end-to-end p99, in seconds: Firehose's smallest buffer with dynamic partitioning. */
export const PROD_P99_LATENCY_LIMIT_S = 60;
