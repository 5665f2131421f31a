/**
 * A stage's settings as the bill needs them, read from a small repository tree written here:
 * the stage's parameters merged over the defaults, the functions' memory and tracing from their
 * serverless.yml, and the billable resources of the fragments.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadStageSettings, stagesOf, UnknownStageError } from '../../src/index.js';

const FILES: Record<string, string> = {
  'config/stages.yml': `
default:
  app: demo
  logRetentionDays: 7
  ingestBatchSize: 100
  ingestBatchWindowSeconds: 5
  ingestMemoryMb: 256
  streamShardCount: 2
  streamRetentionHours: 24
  streamShardLevelMetrics: ALL
  glacierTransitionDays: 90
  glacierMinimumObjectBytes: 163840
  noncurrentVersionExpirationDays: 7
  processedExpirationDays: 0
  logLevel: INFO
  workloadEventsPerSecond: 10
  workloadEventBytes: 500
dev: {}
prod:
  streamShardCount: 4
  streamShardLevelMetrics: IteratorAgeMilliseconds
  ingestBatchSize: 4500
  logLevel: warn
  processedExpirationDays: 7
  compactionSchedule: rate(1 hour)
`,
  'services/ingest/serverless.yml': `
provider:
  name: aws
functions:
  processor:
    memorySize: \${param:ingestMemoryMb}
    tracing: Active
    environment:
      RAW_BUCKET: !ImportValue demo-RawBucketName
`,
  'services/transform/serverless.yml': `
provider:
  name: aws
  tracing:
    lambda: true
functions:
  transformer:
    memorySize: 1024
`,
  'resources/stream.yml': `
Resources:
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      DesiredShardLevelMetrics:
        - \${param:streamShardLevelMetrics}
`,
  'resources/alarms.yml': `
Resources:
  Key:
    Type: AWS::KMS::Key
  One:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: Errors
  Sum:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Metrics:
        - Id: total
          Expression: SUM(METRICS())
        - Id: a
          MetricStat: { Metric: { MetricName: A } }
        - Id: b
          MetricStat: { Metric: { MetricName: B } }
`,
  'resources/dashboard.yml': `
Resources:
  Dashboard:
    Type: AWS::CloudWatch::Dashboard
    Properties:
      DashboardBody: !Sub '{}'
`,
  'resources/table.yml': `
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      GlobalSecondaryIndexes:
        - IndexName: ShardIndex
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
`,
};

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cost-settings-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadStageSettings', () => {
  it('lists the stages config/stages.yml defines', () => {
    expect(stagesOf(root)).toEqual(['dev', 'prod']);
  });

  it("reads dev: the defaults, the functions' memory (a parameter or a number) and tracing", () => {
    const dev = loadStageSettings(root, 'dev');
    expect(dev).toMatchObject({
      stage: 'dev',
      stream: { shards: 2, retentionHours: 24, shardLevelMetricsPerShard: 7 },
      ingest: { memoryMb: 256, traced: true, batchSize: 100, batchWindowSeconds: 5 },
      transform: { memoryMb: 1024, traced: true },
      logLevel: 'INFO',
      logRetentionDays: 7,
      lake: {
        glacierTransitionDays: 90,
        glacierMinimumObjectBytes: 163_840,
        noncurrentVersionExpirationDays: 7,
        processedExpirationDays: 0,
      },
      ledger: { pitr: true, indexes: 1 },
      workload: { eventsPerSecond: 10, eventBytes: 500 },
    });
  });

  it('counts what the fragments bill: alarm metrics (each stat of a metric-math alarm), dashboards, keys', () => {
    const { monitoring, compact } = loadStageSettings(root, 'dev');
    // 1 + 2 alarm metrics, and the compactor's two alarms while services/compact does not exist
    expect(monitoring).toEqual({ alarmMetrics: 3 + 2, dashboards: 1, customerManagedKeys: 1 });
    expect(compact).toMatchObject({ memoryMb: 1769, traced: true, everyMinutes: 15 });
    expect(compact.source).toMatch(/assumed/);
  });

  it("reads prod: the stage's block over the defaults, one shard-level metric, the compaction schedule", () => {
    const prod = loadStageSettings(root, 'prod');
    expect(prod.stream).toEqual({ shards: 4, retentionHours: 24, shardLevelMetricsPerShard: 1 });
    expect(prod.ingest.batchSize).toBe(4500);
    expect(prod.logLevel).toBe('WARN');
    expect(prod.lake.processedExpirationDays).toBe(7);
    expect(prod.compact.everyMinutes).toBe(60);
  });

  it('refuses a stage config/stages.yml does not define, naming the ones it does', () => {
    expect(() => loadStageSettings(root, 'staging')).toThrow(UnknownStageError);
    expect(() => loadStageSettings(root, 'staging')).toThrow(
      "unknown stage 'staging' (config/stages.yml defines dev, prod)",
    );
  });
});
