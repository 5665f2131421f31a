/**
 * Published on-demand prices used by the cost estimate, us-east-1, and the one Lambda fact
 * the estimate needs. The one place for them: update here (with the date) when AWS changes one.
 *
 * Sources (as published in 2024-2025):
 * - https://aws.amazon.com/lambda/pricing/ (Arm, the functions' `architecture: arm64`)
 * - https://aws.amazon.com/firehose/pricing/ (Amazon Data Firehose, formerly Kinesis Data Firehose)
 * - https://aws.amazon.com/s3/pricing/ (S3 Standard requests)
 * - https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (1,769 MB = one vCPU)
 */
export const PRICES = {
  region: 'us-east-1',
  lambda: {
    /** arm64, first 7.5 billion GB-seconds a month (x86_64 would be 0.0000166667). */
    usdPerGbSecond: 0.0000133334,
    usdPerMillionRequests: 0.2,
    /** Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB. */
    mbPerVcpu: 1769,
  },
  firehose: {
    /** Ingestion (Direct PUT or Kinesis Data Streams source), first 500 TB a month, per GB. */
    ingestionUsdPerGb: 0.029,
    /** Ingestion is billed per record rounded up to the next 5 KB. */
    ingestionRecordIncrementBytes: 5 * 1024,
    /** Dynamic partitioning: per GB delivered to S3... */
    dynamicPartitioningUsdPerGb: 0.02,
    /** ...and per 1,000 S3 objects delivered (JQ processing hours, if used, come on top). */
    dynamicPartitioningUsdPerThousandObjects: 0.005,
    /** Dynamic partitioning buffers at least this long before delivering (buffer interval 60-900 s). */
    minimumBufferSeconds: 60,
  },
  s3: {
    /** PUT, COPY, POST, LIST requests, S3 Standard. */
    usdPerThousandPuts: 0.005,
    /** GET, SELECT and all other requests. */
    usdPerThousandGets: 0.0004,
  },
} as const;
