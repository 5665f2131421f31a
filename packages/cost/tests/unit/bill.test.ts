/**
 * The cost model against bills priced by hand for two small workloads. The arithmetic is written
 * out below, from the prices of us-east-1 (prices.ts), the stated waits (S3 150 ms + 50 MB/s,
 * DynamoDB 10 ms) and round-number measured facts (tests/helpers/fixtures.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { ASSUMPTIONS, type Bill, type BillLine, type LineKey, monthlyBill } from '../../src/index.js';
import { TEST_CPU, testMeasured, testSettings } from '../helpers/fixtures.js';

const MONTH_S = 730 * 3600; // 2,628,000 s
const DAYS = 730 / 24; // 30.4167 days a month
const GB = 2 ** 30;
const MB = 2 ** 20;
const PLATFORM = ASSUMPTIONS.platformLogBytesPerInvocation; // Lambda's START/END/REPORT/XRAY lines

function lineOf(bill: Bill, key: LineKey): BillLine {
  const found = bill.lines.find((entry) => entry.key === key);
  if (!found) throw new Error(`no ${key} line`);
  return found;
}

/** The dollars of the items of `line` whose names start with `prefix` (one item, usually). */
function usdOf(bill: Bill, key: LineKey, prefix: string): number {
  const items = lineOf(bill, key).items.filter((entry) => entry.name.startsWith(prefix));
  if (items.length === 0) throw new Error(`no '${prefix}' item in ${key}`);
  return items.reduce((sum, entry) => sum + entry.usd, 0);
}

/** Cents are what a bill shows; the arithmetic below agrees to a thousandth of a dollar. */
const near = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 3);

describe('workload A: one shard, 1 event/s of 1,000 bytes, batch 100, window 10 s, one event type', () => {
  const bill = monthlyBill(
    testSettings(),
    { eventsPerSecond: 1, eventBytes: 1000 },
    {
      months: 12,
      cpu: TEST_CPU,
      measured: testMeasured(),
    },
  );
  const events = 1 * MONTH_S; // 2,628,000
  // A record takes 500 B of envelope + ceil(1000 / 3) * 4 = 1,336 B of base64 = 1,836 B of payload:
  // 6 MB holds 3,426 of them. The shard gathers 1 event/s for the 10 s window: 10 records a batch.
  const batch = 10;
  const invocations = events / batch; // 262,800
  // A 10 s batch crosses an hour boundary 10 / 3,600 of the time, writing the partition twice.
  const objectsPerBatch = 1 + 10 / 3600;
  const rawObjects = invocations * objectsPerBatch; // 263,530
  const recordsPerObject = batch / objectsPerBatch; // 9.9723
  const rawLine = 1000 + 100; // the event and its metadata
  const processedLine = 1000 + (1000 - 100) + 200; // the event, its data again, the overhead: 2,100
  const rawObject = recordsPerObject * rawLine; // 10,969.5 B
  const processedObject = recordsPerObject * processedLine; // 20,941.8 B

  it('batches by the window, and writes one object a batch (two across the hour)', () => {
    expect(bill.flow.ingest.recordsPerInvocation).toBe(batch);
    expect(bill.flow.ingest.limitedBy).toBe('batching window');
    near(bill.flow.ingest.fillSeconds, 10);
    near(bill.flow.transform.invocations, rawObjects);
  });

  it('prices Kinesis: 730 shard-hours and one PUT unit an event', () => {
    near(usdOf(bill, 'kinesis', 'shard-hours'), 730 * 0.015); // 10.95
    near(usdOf(bill, 'kinesis', 'PUT payload units'), (events / 1e6) * 0.014); // 0.0368
    expect(lineOf(bill, 'kinesis').items).toHaveLength(2); // 24 h retention is included
  });

  it('prices Lambda: requests, and GB-seconds of CPU plus the waits on S3 and DynamoDB', () => {
    // ingest: 10 ms + 10 records x 100 us, one round of PUTs (150 ms + 11,000 B at 50 MB/s), one PutItem (10 ms)
    const ingestMs = Math.ceil(10 + 1 + 150 + (11_000 / MB / 50) * 1000 + 10); // 172
    // transform: 20 ms + 9.97 records x 100 us, GET (150 ms + transfer), PUT (150 ms + transfer), PutItem
    const transformMs = Math.ceil(
      20 +
        recordsPerObject * 0.1 +
        150 +
        (rawObject / MB / 50) * 1000 +
        150 +
        (processedObject / MB / 50) * 1000 +
        10,
    ); // 332
    // compact: a run an hour (730), each compacting the hour's 3,600 rows: 67 us a row, reading its
    // 361 processed objects 8 at a time (46 x 150 ms + 7.56 MB at 50 MB/s), one PUT of 900 KB of
    // Parquet (150 ms + transfer), three writes; plus the run's own 20 ms and its query (10 ms).
    const compactionMs =
      3600 * 0.067 +
      46 * 150 +
      ((3600 * processedLine) / MB / 50) * 1000 +
      150 +
      ((3600 * 250) / MB / 50) * 1000 +
      3 * 10;
    const compactMs = Math.ceil(20 + 10 + compactionMs); // 7,513
    const gb = 1769 / 1024;
    near(usdOf(bill, 'lambda', 'ingest requests'), (invocations / 1e6) * 0.2);
    near(usdOf(bill, 'lambda', 'ingest compute'), invocations * (ingestMs / 1000) * gb * 0.0000133334);
    near(usdOf(bill, 'lambda', 'transform requests'), (rawObjects / 1e6) * 0.2);
    near(usdOf(bill, 'lambda', 'transform compute'), rawObjects * (transformMs / 1000) * gb * 0.0000133334);
    near(usdOf(bill, 'lambda', 'compact requests'), (730 / 1e6) * 0.2);
    near(usdOf(bill, 'lambda', 'compact compute'), 730 * (compactMs / 1000) * gb * 0.0000133334);
    expect(bill.flow.ingest.billedMs).toBe(ingestMs);
    expect(bill.flow.transform.billedMs).toBe(transformMs);
    expect(bill.flow.compact.billedMs).toBe(compactMs);
  });

  it('prices S3 requests: a PUT and a GET per raw and per processed object, a PUT per curated one', () => {
    near(usdOf(bill, 's3_requests', 'raw/ PUT'), (rawObjects / 1000) * 0.005); // 1.318
    near(usdOf(bill, 's3_requests', 'raw/ GET'), (rawObjects / 1000) * 0.0004);
    near(usdOf(bill, 's3_requests', 'processed/ PUT'), (rawObjects / 1000) * 0.005);
    near(usdOf(bill, 's3_requests', 'processed/ GET'), (rawObjects / 1000) * 0.0004);
    near(usdOf(bill, 's3_requests', 'curated/ PUT'), (730 / 1000) * 0.005);
  });

  it('prices storage after 12 months: small objects stay in Standard, curated Parquet goes to Glacier', () => {
    // raw and processed objects (11 KB, 21 KB) are under the 160 KiB threshold: 365 days of them in Standard.
    near(usdOf(bill, 's3_storage', 'raw/ Standard'), ((rawObjects * 12 * rawObject) / GB) * 0.023);
    near(
      usdOf(bill, 's3_storage', 'processed/ Standard'),
      ((rawObjects * 12 * processedObject) / GB) * 0.023,
    );
    // curated: 24 objects a day of 3,600 rows x 250 B = 900,000 B: 90 days in Standard, 275 in Glacier.
    near(usdOf(bill, 's3_storage', 'curated/ Standard'), ((24 * 900_000 * 90) / GB) * 0.023);
    near(usdOf(bill, 's3_storage', 'curated/ Glacier Flexible'), ((24 * 900_000 * 275) / GB) * 0.0036);
    const overheadPerObject = (32_768 / GB) * 0.0036 + (8192 / GB) * 0.023;
    near(usdOf(bill, 's3_storage', 'curated/ Glacier per-object'), 24 * 275 * overheadPerObject);
    near(usdOf(bill, 's3_storage', 'lifecycle transitions'), (730 / 1000) * 0.03);
    // Each further month adds 730 curated objects of 900,000 B to Glacier.
    near(bill.storageGrowthUsdPerMonth, ((730 * 900_000) / GB) * 0.0036);
  });

  it('prices DynamoDB: one write unit per item, ingest items twice (table and ShardIndex)', () => {
    const ingestItem = 400 + objectsPerBatch * 100; // 500.3 B: one write unit
    near(usdOf(bill, 'dynamodb', 'ingest ledger writes'), ((invocations * 2) / 1e6) * 0.625);
    near(usdOf(bill, 'dynamodb', 'transform ledger writes'), (rawObjects / 1e6) * 0.625);
    // pending marks: two writes per processed object; compactions: three writes each
    near(usdOf(bill, 'dynamodb', 'compaction writes'), ((rawObjects * 2 + 730 * 3) / 1e6) * 0.625);
    near(usdOf(bill, 'dynamodb', 'compaction reads'), (730 / 1e6) * 0.125);
    // 30 days of items (+100 B each), the ingest ones twice
    const kept = 30 / DAYS;
    const bytes =
      kept * (invocations * (ingestItem + 100) * 2 + rawObjects * (700 + 100) + 730 * (1024 + 100));
    near(usdOf(bill, 'dynamodb', 'storage'), (bytes / GB) * 0.25);
    expect(lineOf(bill, 'dynamodb').items.some((entry) => entry.name.startsWith('point-in-time'))).toBe(
      false,
    );
  });

  it('prices CloudWatch: log lines at INFO, EMF and Lambda lines, metrics, alarms, the dashboard', () => {
    // One environment of each cold-starts once an hour: 730 ColdStart blobs of 300 B.
    const ingestLogs = invocations * (500 + 600 + PLATFORM) + 730 * 300;
    const transformLogs = rawObjects * (1000 + 500 + PLATFORM) + 730 * 300;
    const compactLogs = 730 * (700 + PLATFORM) + 730 * 500;
    near(usdOf(bill, 'cloudwatch', 'ingest logs'), (ingestLogs / GB) * 0.5);
    near(usdOf(bill, 'cloudwatch', 'transform logs'), (transformLogs / GB) * 0.5);
    near(usdOf(bill, 'cloudwatch', 'compact logs'), (compactLogs / GB) * 0.5);
    near(
      usdOf(bill, 'cloudwatch', 'log storage'),
      (((ingestLogs + transformLogs + compactLogs) / GB) * 7 * 0.03) / DAYS,
    );
    near(usdOf(bill, 'cloudwatch', 'custom metrics'), (7 + 6 + 10) * 0.3); // 10: the compactor's (its metrics.ts)
    near(usdOf(bill, 'cloudwatch', 'alarms'), 2 * 0.1);
    near(usdOf(bill, 'cloudwatch', 'dashboards'), 3);
  });

  it('prices X-Ray for the traced function only: 0.1 invocations/s are all sampled', () => {
    expect(lineOf(bill, 'xray').items.map((entry) => entry.name)).toEqual(['ingest traces recorded']);
    near(lineOf(bill, 'xray').usd, (invocations / 1e6) * 5); // 1.314
  });

  it('prices Athena: six saved queries a day, each billed its 10 MB minimum on this little data', () => {
    // 86,400 rows a day; the largest query reads 2 columns x 8 B = 1.4 MB: all six bill 10 MB.
    near(usdOf(bill, 'athena', '6 saved queries'), ((6 * 10 * MB * DAYS) / 2 ** 40) * 5);
    // GETs: 24 curated objects a day x (1 + columns) for the queries over user_action (1, 2, 2 columns)
    near(usdOf(bill, 'athena', 'S3 GET'), (((24 * 2 + 24 * 3 + 24 * 3) * DAYS) / 1000) * 0.0004);
    // LISTs: 24 hours x the types read: 4 + 1 + 1 + 1 + 2 (quarantine, both buckets) + 4
    near(usdOf(bill, 'athena', 'S3 LIST'), (((24 * 4 + 24 + 24 + 24 + 48 + 24 * 4) * DAYS) / 1000) * 0.005);
    near(usdOf(bill, 'athena', 'Glue'), ((6 * 2 * DAYS) / 1e6) * 1);
  });

  it('prices SQS at nothing without failures, and KMS by its keys and the stream requests', () => {
    expect(lineOf(bill, 'sqs').usd).toBe(0);
    near(lineOf(bill, 'kms').usd, ((24 * 730) / 1e4) * 0.03);
  });

  it('adds every line into the total', () => {
    near(
      bill.total,
      bill.lines.reduce((sum, entry) => sum + entry.usd, 0),
    );
    expect(bill.lines.map((entry) => entry.key)).toEqual([
      'kinesis',
      'lambda',
      's3_requests',
      's3_storage',
      'dynamodb',
      'cloudwatch',
      'xray',
      'sqs',
      'athena',
      'kms',
    ]);
  });
});

describe('workload B: two shards, 100 events/s of 2,000 bytes, batch 10,000, window 60 s, two event types', () => {
  const settings = testSettings({
    stream: { shards: 2, retentionHours: 48, shardLevelMetricsPerShard: 7 },
    ingest: { memoryMb: 512, traced: true, source: 'test', batchSize: 10_000, batchWindowSeconds: 60 },
    transform: { memoryMb: 512, traced: true, source: 'test' },
    logLevel: 'WARN',
    lake: {
      glacierTransitionDays: 90,
      glacierMinimumObjectBytes: 163_840,
      noncurrentVersionExpirationDays: 30,
      processedExpirationDays: 7,
    },
    ledger: { pitr: true, indexes: 1 },
  });
  const measured = testMeasured({ user_action: 0.5, transaction: 0.5 });
  const bill = monthlyBill(
    settings,
    { eventsPerSecond: 100, eventBytes: 2000 },
    {
      months: 12,
      cpu: TEST_CPU,
      measured,
    },
  );
  const events = 100 * MONTH_S; // 262,800,000
  // A record: 500 B + ceil(2000 / 3) * 4 = 2,668 B = 3,168 B of payload; 6 MB holds 1,985 of them,
  // fewer than the batch size (10,000) and than a shard's 60 s window (50/s x 60 = 3,000).
  const batch = 1985;
  const invocations = events / batch; // 132,393
  const fill = batch / 50; // 39.7 s
  // Both types are in every batch (1 - 0.5^1985 = 1); a 39.7 s batch crosses the hour 1.1 % of the time.
  const objectsPerBatch = 2 * (1 + fill / 3600);
  const rawObjects = invocations * objectsPerBatch;
  const recordsPerObject = batch / objectsPerBatch; // 981.6
  const rawObject = recordsPerObject * (2000 + 100); // 2.06 MB
  const processedObject = recordsPerObject * (2000 + 1900 + 200); // 4.02 MB: still one PUT

  it('stops each batch at the 6 MB payload and warns that the batch size does not fit', () => {
    expect(bill.flow.ingest.recordsPerInvocation).toBe(batch);
    expect(bill.flow.ingest.limitedBy).toBe('payload (6 MB)');
    near(bill.flow.ingest.fillSeconds, fill);
    near(bill.flow.ingest.objectsPerInvocation, objectsPerBatch);
    expect(bill.warnings).toEqual([expect.stringContaining('batches stop at 1985 records')]);
  });

  it('prices Kinesis with 48 h retention: shard-hours twice, once for the extended retention', () => {
    near(usdOf(bill, 'kinesis', 'shard-hours'), 2 * 730 * 0.015); // 21.90
    near(usdOf(bill, 'kinesis', 'PUT payload units'), (events / 1e6) * 0.014); // 3.68
    near(usdOf(bill, 'kinesis', 'extended retention'), 2 * 730 * 0.02); // 29.20
  });

  it('prices ingest at 512 MB: CPU stretched by 1,769 / 512, waits as they are', () => {
    const stretch = 1769 / 512;
    const ms = Math.ceil((10 + batch * 0.1) * stretch + 150 + ((batch * 2100) / MB / 50) * 1000 + 10);
    expect(bill.flow.ingest.billedMs).toBe(ms); // 893 ms
    near(usdOf(bill, 'lambda', 'ingest compute'), invocations * (ms / 1000) * 0.5 * 0.0000133334);
  });

  it('prices S3 requests and the processed/ JSON Lines kept 7 days plus a day of old versions', () => {
    near(usdOf(bill, 's3_requests', 'raw/ PUT'), (rawObjects / 1000) * 0.005);
    near(usdOf(bill, 's3_requests', 'processed/ PUT'), (rawObjects / 1000) * 0.005);
    const perDay = rawObjects / DAYS;
    near(usdOf(bill, 's3_storage', 'processed/ Standard'), ((perDay * processedObject * 8) / GB) * 0.023);
    // raw objects (2 MB) go to Glacier after 90 days: 275 days of them there after a year
    near(usdOf(bill, 's3_storage', 'raw/ Standard'), ((perDay * rawObject * 90) / GB) * 0.023);
    near(usdOf(bill, 's3_storage', 'raw/ Glacier Flexible'), ((perDay * rawObject * 275) / GB) * 0.0036);
    // transitions: every raw object and every curated one (the processed ones expire first)
    near(usdOf(bill, 's3_storage', 'lifecycle transitions'), ((rawObjects + 2 * 730) / 1000) * 0.03);
  });

  it('prices point-in-time recovery on the table, not its index', () => {
    const ingestItem = 400 + objectsPerBatch * 100;
    const compactions = 2 * 730;
    const table =
      (30 / DAYS) *
      (invocations * (ingestItem + 100) + rawObjects * (700 + 100) + compactions * (1024 + 100));
    near(usdOf(bill, 'dynamodb', 'point-in-time recovery'), (table / GB) * 0.2);
  });

  it('prices CloudWatch at WARN (no application lines) with 7 shard-level metrics a shard', () => {
    near(
      usdOf(bill, 'cloudwatch', 'ingest logs'),
      ((invocations * (600 + PLATFORM) + 2 * 730 * 300) / GB) * 0.5,
    );
    near(usdOf(bill, 'cloudwatch', 'Kinesis shard-level'), 7 * 2 * 0.3); // 4.20
  });

  it('prices X-Ray per traced function at the default sampling rule', () => {
    near(usdOf(bill, 'xray', 'ingest'), (invocations / 1e6) * 5);
    near(usdOf(bill, 'xray', 'transform'), (rawObjects / 1e6) * 5); // 0.102/s: under the 1/s reservoir
  });

  it('prices the same workload on Firehose: 5 KB rounding, partitioning, one object per type a minute', () => {
    const firehose = bill.firehose.json;
    const firehoseLine = firehose.lines.find((entry) => entry.key === 'firehose')!;
    const itemUsd = (prefix: string) =>
      firehoseLine.items.find((entry) => entry.name.startsWith(prefix))!.usd;
    near(itemUsd('ingestion'), ((events * 5120) / GB) * 0.029); // 2,000 B billed as 5 KB
    near(itemUsd('dynamic partitioning, data'), ((events * 2000) / GB) * 0.02);
    near(itemUsd('dynamic partitioning, objects'), ((2 * MONTH_S) / 60 / 1000) * 0.005); // 87,600 objects
    const parquet = bill.firehose.parquet.lines.find((entry) => entry.key === 'firehose')!;
    near(
      parquet.items.find((entry) => entry.name.startsWith('format conversion'))!.usd,
      ((events * 5120) / GB) * 0.018,
    );
    // The same stream either way; one copy of the events stored (their 2,000 B, 90 days in Standard).
    near(firehose.lines.find((entry) => entry.key === 'kinesis')!.usd, lineOf(bill, 'kinesis').usd);
    const stored = firehose.lines.find((entry) => entry.key === 's3_storage')!;
    near(
      stored.items.find((entry) => entry.name === 'Standard')!.usd,
      ((events / DAYS) * 2000 * 90 * 0.023) / GB,
    );
    expect(Number.isFinite(firehose.total) && Number.isFinite(bill.firehose.parquet.total)).toBe(true);
  });
});
