/**
 * What the cost model assumes rather than reads from the repository or measures from the
 * handlers (measured.ts), each with its source. `npm run cost` prints them under the bill.
 */
import type { EventType } from '@event-pipeline/schema';

export interface SavedQuery {
  name: string;
  /** The event types whose partitions it reads (one day of them). */
  types: readonly EventType[] | 'quarantine';
  /** Columns it reads from the curated Parquet (partition columns are free). */
  columns: number;
}

/** A sample of Lambda's own lines per invocation (text format, tracing on), as CloudWatch receives them. */
const PLATFORM_LINES = [
  'START RequestId: 8f5a1c3e-2b4d-4e6f-9a1b-3c5d7e9f1a2b Version: $LATEST\n',
  'END RequestId: 8f5a1c3e-2b4d-4e6f-9a1b-3c5d7e9f1a2b\n',
  'REPORT RequestId: 8f5a1c3e-2b4d-4e6f-9a1b-3c5d7e9f1a2b\tDuration: 1234.56 ms\tBilled Duration: 1235 ms\t' +
    'Memory Size: 512 MB\tMax Memory Used: 123 MB\t\n',
  'XRAY TraceId: 1-6650a1b2-3c4d5e6f7a8b9c0d1e2f3a4b\tSegmentId: 1a2b3c4d5e6f7a8b\tSampled: true\t\n',
];

export const ASSUMPTIONS = {
  waits: {
    /**
     * Time to first byte of one S3 request (PUT or GET of a small object). Source: S3's
     * performance guidelines, "roughly 100-200 milliseconds" for small objects; the middle.
     */
    s3RequestMs: 150,
    /** Body transfer on top, per connection (an assumption: Lambda quotes no figure). */
    s3TransferMbPerSecond: 50,
    /** One PutItem. Source: DynamoDB's "single-digit millisecond" latency, rounded up. */
    dynamodbWriteMs: 10,
    source:
      'S3: "roughly 100-200 ms" small-object latency (S3 performance guidelines), 50 MB/s transfer assumed; ' +
      'DynamoDB: "single-digit millisecond" (DynamoDB docs), 10 ms',
  },
  cpu: {
    /**
     * CPU at one full vCPU (1,769 MB), traced, warm: a fixed part per invocation (Middy,
     * Powertools, the SDK clients, tracing) and a part per record. Source: `npm run bench`
     * (ingest.traced.ms_per_batch for 100 records, ingest.us_per_record; the same for
     * transform), x86_64 Node 20 on the development machine, 2025-06; `npm run bench` passes
     * its own fresh figures to the model instead.
     */
    ingest: { msPerInvocation: 17, usPerRecord: 13 },
    transform: { msPerInvocation: 10, usPerRecord: 13 },
    source: 'npm run bench (warm, traced, one core of the development machine), scaled by memory / 1,769 MB',
  },
  /** ingest writes a batch's objects at most this many at a time (WRITE_CONCURRENCY's default). */
  ingestWriteConcurrency: 8,
  /** Records that fail validation, and invocations that fail and retry: none in the workload. */
  invalidFraction: 0,
  retryFraction: 0,
  platformLogBytesPerInvocation: PLATFORM_LINES.reduce((sum, line) => sum + Buffer.byteLength(line), 0),
  compact: {
    /** Until services/compact/serverless.yml exists: one vCPU, traced like the other two. */
    function: { memoryMb: 1769, traced: true, source: 'assumed (services/compact not in this checkout)' },
    /** The compactionSchedule default (docs/architecture.md §8): every 15 minutes. */
    everyMinutes: 15,
    /**
     * CPU per row at one vCPU: the compactor's own bound (1.8 million rows within 2 minutes at
     * 1,769 MB, docs/architecture.md §8), used as the upper estimate until bench/compact measures it.
     */
    usPerRow: 67,
    readConcurrency: 8,
    /** A partition-hour compacts once, after it has been quiet for the settle time. */
    compactionsPerPartitionHour: 1,
    /** Curated Parquet: ids and sequence numbers barely compress; about 250 bytes a row. */
    parquetBytesPerRow: 250,
    /**
     * The pending-partition protocol: the transformer marks the partition of each processed
     * object pending (one conditional update of an item under 1 KB, in a sparse index); each
     * compaction takes and releases a lease and writes a ledger item (three writes).
     */
    pendingWritesPerProcessedObject: 2,
    writesPerCompaction: 3,
    /** Per run: one Query of the pending index (an eventually consistent read unit or so). */
    readUnitsPerRun: 1,
    /** Its error alarm and its conflicts alarm (counted from its serverless.yml once it exists). */
    alarmMetrics: 2,
    /** Its EMF metrics (services/compact/src/metrics.ts: 8 per partition, 2 per run); one log line per compaction. */
    metrics: 10,
    logBytesPerCompaction: 500,
    emfBytesPerRun: 700,
    source:
      'services/compact as built; CPU per row and Parquet size from its partition benchmark (bench/compact), on x86_64',
  },
  xray: {
    /** Each invocation starts its own trace (Kinesis and S3 notifications carry none in). */
    tracesPerSampledInvocation: 1,
    source: "Lambda's default sampling rule (1 request/s and 5 % of the rest), per function",
  },
  athena: {
    /** The saved queries of docs/architecture.md §9, each run once a day over the previous day. */
    savedQueries: [
      {
        name: 'events per type and hour',
        types: ['user_action', 'transaction', 'metric', 'system_event'],
        columns: 1,
      },
      { name: 'high-value transactions per day', types: ['transaction'], columns: 3 },
      { name: 'metric anomalies', types: ['metric'], columns: 4 },
      { name: 'session duration distribution', types: ['user_action'], columns: 2 },
      { name: 'quarantine by reason and day', types: 'quarantine', columns: 2 },
      {
        name: 'end-to-end latency p50/p95/p99 per hour',
        types: ['user_action', 'transaction', 'metric', 'system_event'],
        columns: 2,
      },
    ] satisfies SavedQuery[],
    /** Bytes a Parquet column value takes when scanned: a double or timestamp's width, an upper estimate. */
    parquetBytesPerValue: 8,
    /** Glue Data Catalog calls per query (GetDatabase, GetTable; partition projection needs no more). */
    catalogRequestsPerQuery: 2,
    source:
      'docs/architecture.md §9 (saved queries, partition projection); scanned bytes estimated from the volume',
  },
  kms: {
    /** Kinesis server-side encryption asks KMS for a data key about every 5 minutes per shard, producer and consumer side. */
    kinesisRequestsPerShardHour: 24,
    source: 'assumed: a data key reused ~5 minutes per shard on each side of the stream',
  },
  storage: {
    /** Raw data is never deleted: the Glacier part grows; priced after this many months. */
    defaultMonths: 12,
  },
} as const;
