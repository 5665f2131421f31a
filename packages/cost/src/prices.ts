/**
 * Published on-demand prices, us-east-1, first pricing tier, and the few billing rules that go
 * with them: the one place for them (the cost model, `npm run cost` and `npm run bench` all read
 * this file). Update a figure here, with the date, when AWS changes it.
 *
 * As published on these pricing pages in mid-2025 (PRICES.checked; not re-read since, as this
 * repository's machines have no web access: re-check them there before relying on a figure):
 * - https://aws.amazon.com/lambda/pricing/ (Arm: the functions run `architecture: arm64`)
 * - https://aws.amazon.com/kinesis/data-streams/pricing/ (provisioned mode)
 * - https://aws.amazon.com/s3/pricing/ (S3 Standard, S3 Glacier Flexible Retrieval = `GLACIER`)
 * - https://aws.amazon.com/dynamodb/pricing/on-demand/ (after the November 2024 price cut)
 * - https://aws.amazon.com/cloudwatch/pricing/ (logs: the Lambda vended-logs first tier)
 * - https://aws.amazon.com/xray/pricing/, https://aws.amazon.com/sqs/pricing/
 * - https://aws.amazon.com/athena/pricing/, https://aws.amazon.com/glue/pricing/ (Data Catalog)
 * - https://aws.amazon.com/kms/pricing/
 * - https://aws.amazon.com/firehose/pricing/ (Amazon Data Firehose, formerly Kinesis Data Firehose)
 * - https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (1,769 MB = one vCPU)
 *
 * Free tiers are left out on purpose: they are per account, and other workloads use them too.
 * GB means 2^30 bytes, as AWS bills it; a month is 730 hours, as AWS prices it.
 */
export const PRICES = {
  region: 'us-east-1',
  checked: '2025-06',
  lambda: {
    /** arm64, first 7.5 billion GB-seconds a month (x86_64 would be 0.0000166667). */
    usdPerGbSecond: 0.0000133334,
    usdPerMillionRequests: 0.2,
    /** Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB. */
    mbPerVcpu: 1769,
    /** The synchronous invocation payload limit, which also caps a Kinesis batch. */
    maxPayloadBytes: 6 * 1024 * 1024,
  },
  kinesis: {
    usdPerShardHour: 0.015,
    /** A PUT payload unit is a record's 25 KB chunk: a 500-byte record is one unit. */
    usdPerMillionPutUnits: 0.014,
    putUnitBytes: 25 * 1024,
    /** Retention beyond 24 hours, up to 7 days, per shard-hour. */
    extendedRetentionUsdPerShardHour: 0.02,
    includedRetentionHours: 24,
    /** Enhanced shard-level metrics: `ALL` is these seven, each billed per shard as a custom metric. */
    shardLevelMetricsInAll: 7,
  },
  s3: {
    standardUsdPerGbMonth: 0.023,
    /** S3 Glacier Flexible Retrieval (storage class GLACIER). */
    glacierUsdPerGbMonth: 0.0036,
    /** PUT, COPY, POST, LIST requests (S3 Standard). */
    usdPerThousandPuts: 0.005,
    /** GET, SELECT and all other requests. */
    usdPerThousandGets: 0.0004,
    /** Lifecycle transition requests into Glacier Flexible Retrieval, per object. */
    glacierTransitionUsdPerThousand: 0.03,
    /** What S3 keeps per archived object: 32 KB billed at the Glacier rate, 8 KB at the Standard rate. */
    glacierOverheadBytes: 32 * 1024,
    glacierStandardOverheadBytes: 8 * 1024,
    /** Deleting or expiring earlier is billed as if stored this long. */
    glacierMinimumDays: 90,
  },
  dynamodb: {
    usdPerMillionWriteUnits: 0.625,
    usdPerMillionReadUnits: 0.125,
    /** One write unit per 1 KB of item, rounded up; an index write is another write. */
    writeUnitBytes: 1024,
    storageUsdPerGbMonth: 0.25,
    /** DynamoDB's own per-item storage overhead (the key index), per table or index copy. */
    itemOverheadBytes: 100,
    /** Continuous backups (point-in-time recovery), on the table's size. */
    pitrUsdPerGbMonth: 0.2,
  },
  cloudwatch: {
    logsIngestionUsdPerGb: 0.5,
    logsStorageUsdPerGbMonth: 0.03,
    /** Per custom metric (name and dimension set) a month, first 10,000. */
    metricUsdPerMonth: 0.3,
    /** Per metric an alarm watches (a metric-math alarm pays for each), standard resolution. */
    alarmMetricUsdPerMonth: 0.1,
    dashboardUsdPerMonth: 3,
  },
  xray: {
    usdPerMillionTracesRecorded: 5,
    /** The default sampling rule Lambda applies: the first request each second, then 5 %. */
    defaultReservoirPerSecond: 1,
    defaultFixedRate: 0.05,
  },
  sqs: { usdPerMillionRequests: 0.4 },
  athena: {
    usdPerTbScanned: 5,
    /** Each query is billed for at least 10 MB. */
    minimumBytesPerQuery: 10 * 1024 * 1024,
  },
  glue: { usdPerMillionCatalogRequests: 1 },
  kms: { customerKeyUsdPerMonth: 1, usdPerTenThousandRequests: 0.03 },
  firehose: {
    /** Ingestion (Direct PUT or a Kinesis data stream as source), first 500 TB a month, per GB. */
    ingestionUsdPerGb: 0.029,
    /** Ingestion and format conversion bill each record rounded up to the next 5 KB. */
    ingestionRecordIncrementBytes: 5 * 1024,
    /** JSON to Parquet/ORC, per GB of (rounded) ingestion. */
    formatConversionUsdPerGb: 0.018,
    /** Dynamic partitioning: per GB delivered to S3... */
    dynamicPartitioningUsdPerGb: 0.02,
    /** ...and per 1,000 S3 objects delivered. */
    dynamicPartitioningUsdPerThousandObjects: 0.005,
    /** JQ processing hours, when JQ extracts the partition keys (not estimated: usage-dependent). */
    jqUsdPerHour: 0.07,
    /** Dynamic partitioning buffers at least this long before delivering (buffer interval 60-900 s). */
    minimumBufferSeconds: 60,
  },
} as const;

export type Prices = typeof PRICES;

/** AWS's GB: 2^30 bytes. */
export const GB = 1024 ** 3;
export const TB = 1024 ** 4;
/** AWS prices a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
