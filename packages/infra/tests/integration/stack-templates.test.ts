/**
 * Packages the three stacks of the dev stage (and the infrastructure stack of prod) with
 * `sls package`, offline and without credentials, and verifies every generated template.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { packageStack } from '../../src/package-stack.js';
import { stackById } from '../../src/stacks.js';
import { formatFinding, type StackTemplate } from '../../src/template.js';
import { packageAndVerify, type StackVerification, verifyTemplates } from '../../src/verify-stacks.js';
import { REPO_ROOT } from '../helpers/repo.js';

let dev: StackVerification;
let prodInfra: StackTemplate;

beforeAll(async () => {
  [dev, prodInfra] = await Promise.all([
    packageAndVerify(REPO_ROOT, 'dev'),
    packageStack({ repoRoot: REPO_ROOT, stack: stackById('infra'), stage: 'prod' }),
  ]);
}, 180_000);

const infra = () => dev.templates.find((t) => t.stack === 'infra')!.template;
const resource = (id: string) => infra().Resources[id];

describe('the packaged stacks of the dev stage', () => {
  it('are all three, each with resources', () => {
    expect(dev.templates.map((t) => t.stack)).toEqual(['infra', 'ingest', 'transform']);
    for (const { template } of dev.templates)
      expect(Object.keys(template.Resources).length).toBeGreaterThan(2);
  });

  it('pass the resource specification, the security rules and the stack contract', () => {
    expect(dev.findings.map(formatFinding)).toEqual([]);
  });
});

describe('the infrastructure template', () => {
  it('has the encrypted, provisioned stream with shard-level metrics', () => {
    expect(resource('Stream')).toMatchObject({
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: 'event-pipeline-dev-stream',
        ShardCount: 2,
        RetentionPeriodHours: 24,
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
        DesiredShardLevelMetrics: ['ALL'],
      },
    });
  });

  it.each(['RawBucket', 'ProcessedBucket'])(
    'has %s versioned, encrypted, private, TLS-only, to Glacier after 90 days',
    (id) => {
      expect(resource(id)).toMatchObject({
        Type: 'AWS::S3::Bucket',
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          LifecycleConfiguration: {
            Rules: expect.arrayContaining([
              expect.objectContaining({
                Status: 'Enabled',
                Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
              }),
            ]),
          },
        },
      });
      expect(resource(`${id}Policy`)).toMatchObject({
        Properties: {
          Bucket: { Ref: id },
          PolicyDocument: {
            Statement: [
              { Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': false } } },
            ],
          },
        },
      });
    },
  );

  it('has the on-demand ledger table with TTL, point-in-time recovery, SSE and the ShardIndex', () => {
    expect(resource('LedgerTable')).toMatchObject({
      Properties: {
        TableName: 'event-pipeline-dev-metadata',
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'ShardIndex',
            KeySchema: [
              { AttributeName: 'shard_id', KeyType: 'HASH' },
              { AttributeName: 'processed_at', KeyType: 'RANGE' },
            ],
          },
        ],
      },
    });
  });

  it.each([
    ['IngestDlq', 'event-pipeline-dev-kinesis-processor-dlq'],
    ['TransformDlq', 'event-pipeline-dev-s3-transformer-dlq'],
  ])('has %s keeping messages 14 days, 30 s visibility, encrypted', (id, name) => {
    expect(resource(id)?.Properties).toEqual({
      QueueName: name,
      MessageRetentionPeriod: 1_209_600,
      VisibilityTimeout: 30,
      SqsManagedSseEnabled: true,
    });
  });

  it('has every alarm design.md asks for, each notifying the alarm topic', () => {
    const alarms = Object.entries(infra().Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual([
      'IngestDlqDepthAlarm',
      'LedgerTableThrottlesAlarm',
      'ProcessorErrorsAlarm',
      'ProcessorIteratorAgeAlarm',
      'ProcessorThrottlesAlarm',
      'TransformDlqDepthAlarm',
      'TransformerErrorsAlarm',
      'TransformerThrottlesAlarm',
    ]);
    for (const [, alarm] of alarms) expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
    expect(resource('ProcessorErrorsAlarm')?.Properties).toMatchObject({
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'event-pipeline-ingest-dev-processor' }],
      Period: 120,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(resource('ProcessorIteratorAgeAlarm')?.Properties).toMatchObject({
      MetricName: 'IteratorAge',
      Threshold: 60_000,
    });
    expect(resource('AlarmTopic')?.Properties).toMatchObject({ KmsMasterKeyId: { Ref: 'AlarmTopicKey' } });
    // The optional e-mail: '' in dev, so the subscription's condition is false.
    expect(infra().Conditions?.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('exports what the services import', () => {
    expect(infra().Outputs?.RawBucketName).toEqual({
      Value: { Ref: 'RawBucket' },
      Export: { Name: 'event-pipeline-dev-RawBucketName' },
    });
  });
});

describe('the infrastructure template of prod', () => {
  it('takes the prod parameters and passes the same verification', async () => {
    expect(prodInfra.template.Resources.Stream?.Properties).toMatchObject({
      ShardCount: 4,
      RetentionPeriodHours: 168,
    });
    expect(prodInfra.template.Resources.RawBucket?.DeletionPolicy).toBe('Retain');
    expect(prodInfra.template.Resources.LedgerTable?.Properties?.DeletionProtectionEnabled).toBe(true);
    expect((await verifyTemplates(REPO_ROOT, 'prod', [prodInfra])).map(formatFinding)).toEqual([]);
  });
});
