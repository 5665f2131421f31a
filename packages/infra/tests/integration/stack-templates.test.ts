// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
/**
 * Packages the three stacks of the dev stage (and the infrastructure stack of prod) with
 * `sls package`, offline and without credentials, and verifies every generated template.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { evaluateCondition } from '../../src/conditions.js';
import { dashboardWidgets } from '../../src/expectations/dashboard.js';
import { checkInfraStack } from '../../src/expectations/infra-stack.js';
import { packageStack } from '../../src/package-stack.js';
import { ACCOUNT_WIDE_NAMES, nameProperties, OTHER_NAMES } from '../../src/rules/region-scoped-names.js';
import { stackById } from '../../src/stacks.js';
import { loadStageParams } from '../../src/stage-params.js';
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
const service = (id: string) => dev.templates.find((t) => t.stack === id)!.template;

describe('the packaged stacks of the dev stage', () => {
  it('are all four, each with resources', () => {
    expect(dev.templates.map((t) => t.stack)).toEqual(['infra', 'ingest', 'transform', 'compact']);
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
    'has %s versioned, encrypted, private, TLS 1.2-only, to Glacier after 90 days',
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
              { Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
            ],
          },
        },
      });
    },
  );

  it('has the on-demand ledger table with TTL, point-in-time recovery, SSE, the ShardIndex and the sparse PendingPartitionIndex', () => {
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
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'PendingPartitionIndex',
            KeySchema: [
              { AttributeName: 'compact_queue', KeyType: 'HASH' },
              { AttributeName: 'last_processed_at', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
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

  it('has every alarm docs/architecture.md asks for, each notifying the alarm topic', () => {
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

  it('has neither replication nor an audit trail in dev (the conditions are false)', () => {
    for (const condition of ['Replicates', 'ReplicationTimeControl', 'HasAuditTrail'])
      expect(evaluateCondition(infra(), condition, { region: 'us-east-1' })).toBe(false);
    expect(resource('AuditTrail')?.Condition).toBe('HasAuditTrail');
    expect(resource('ReplicationRole')?.Condition).toBe('Replicates');
  });

  it("lets only this stage's alarms use the alarm topic key", () => {
    const statement = (
      resource('AlarmTopicKey')!.Properties!.KeyPolicy as { Statement: Array<Record<string, unknown>> }
    ).Statement.find((s) => s.Sid === 'CloudWatchAlarmsEncrypt');
    expect(statement?.Condition).toEqual({
      StringEquals: {
        'aws:SourceAccount': { Ref: 'AWS::AccountId' },
        'kms:EncryptionContext:aws:sns:topicArn': {
          'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:event-pipeline-dev-alarms',
        },
      },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Sub':
            'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:event-pipeline-dev-*',
        },
      },
    });
  });

  it('shows the estimated charges by service from us-east-1, where billing metrics are', () => {
    const billing = dashboardWidgets(infra(), 'Dashboard').filter((w) =>
      JSON.stringify(w.metrics ?? []).includes('AWS/Billing'),
    );
    expect(billing.map((w) => w.region)).toEqual(['us-east-1', 'us-east-1']);
    expect(JSON.stringify(billing[0]!.metrics)).toContain('{AWS/Billing,Currency,ServiceName}');
  });
});

describe('names in a second region of the account', () => {
  it('carry the region wherever they are account-wide: dashboard, managed policy, every role', () => {
    expect(resource('Dashboard')?.Properties?.DashboardName).toEqual({
      'Fn::Sub': 'event-pipeline-dev-${AWS::Region}',
    });
    expect(service('transform').Resources.TransformerIamRoleLambdaExecution?.Properties?.RoleName).toEqual({
      'Fn::Join': [
        '-',
        ['event-pipeline-transform', 'dev', 'transformer', { Ref: 'AWS::Region' }, 'lambdaRole'],
      ],
    });
  });

  it('are all known to be account-wide or not (a new kind of name must be classified)', () => {
    const classified = (type: string, property: string) =>
      ACCOUNT_WIDE_NAMES.some((n) => n.type === type && n.property === property) ||
      (OTHER_NAMES[type] ?? []).includes(property);
    const unclassified = [...dev.templates, prodInfra]
      .flatMap(({ stack, template }) => nameProperties(template).map((n) => ({ stack, ...n })))
      .filter((n) => !classified(n.type, n.property))
      .map((n) => `${n.stack} ${n.id} ${n.type}.${n.property}`);
    expect(unclassified).toEqual([]);
  });
});

describe('the transform template', () => {
  it("lets the framework's Custom::S3 function write to its own log group, and only there", () => {
    const policy = (
      service('transform').Resources.IamRoleCustomResourcesLambdaExecution!.Properties!.Policies as Array<{
        PolicyDocument: { Statement: Array<Record<string, unknown>> };
      }>
    )[0]!;
    expect(policy.PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': ['CustomResourceExistingS3LogGroup', 'Arn'] },
    });
  });

  it.each(['infra', 'ingest', 'transform'])('gives the %s deployment bucket the TLS 1.2 floor', (id) => {
    const policy = (id === 'infra' ? infra() : service(id)).Resources.ServerlessDeploymentBucketPolicy;
    expect((policy!.Properties!.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
  });
});

describe('the infrastructure template of prod', () => {
  const prod = () => prodInfra.template;

  it('takes the prod parameters and passes the same verification', async () => {
    expect(prodInfra.template.Resources.Stream?.Properties).toMatchObject({
      ShardCount: 4,
      RetentionPeriodHours: 168,
    });
    expect(prodInfra.template.Resources.RawBucket?.DeletionPolicy).toBe('Retain');
    expect(prodInfra.template.Resources.LedgerTable?.Properties?.DeletionProtectionEnabled).toBe(true);
    expect((await verifyTemplates(REPO_ROOT, 'prod', [prodInfra])).map(formatFinding)).toEqual([]);
  });

  it('replicates both data buckets to the same stage in us-west-2, with replication time control', () => {
    expect(evaluateCondition(prod(), 'Replicates', { region: 'us-east-1' })).toBe(true);
    expect(evaluateCondition(prod(), 'ReplicationTimeControl', { region: 'us-east-1' })).toBe(true);
    const rule = (id: string) =>
      (
        (
          prod().Resources[id]!.Properties!.ReplicationConfiguration as {
            'Fn::If': [string, { Rules: unknown[] }];
          }
        )['Fn::If'][1].Rules as Array<Record<string, unknown>>
      )[0];
    expect(rule('RawBucket')).toMatchObject({
      Status: 'Enabled',
      DeleteMarkerReplication: { Status: 'Enabled' },
      Destination: {
        Bucket: {
          'Fn::Sub': 'arn:${AWS::Partition}:s3:::event-pipeline-prod-raw-${AWS::AccountId}-us-west-2',
        },
      },
    });
    expect(rule('ProcessedBucket')).toMatchObject({
      Destination: {
        Bucket: {
          'Fn::Sub': 'arn:${AWS::Partition}:s3:::event-pipeline-prod-processed-${AWS::AccountId}-us-west-2',
        },
      },
    });
  });

  it('deployed in the replica region, replicates nothing (not to itself) and still passes verification', async () => {
    expect(evaluateCondition(prod(), 'Replicates', { region: 'us-west-2' })).toBe(false);
    expect((await verifyTemplates(REPO_ROOT, 'prod', [prodInfra], 'us-west-2')).map(formatFinding)).toEqual(
      [],
    );
  });

  it("records the data buckets' object events with a validated trail into its own bucket", () => {
    expect(evaluateCondition(prod(), 'HasAuditTrail', { region: 'us-east-1' })).toBe(true);
    expect(prod().Resources.AuditTrail?.Properties).toMatchObject({
      TrailName: 'event-pipeline-prod-data-events',
      S3BucketName: { Ref: 'AuditLogBucket' },
      EnableLogFileValidation: true,
      IsMultiRegionTrail: false,
    });
    expect(prod().Resources.AuditLogBucket?.Properties?.LifecycleConfiguration).toMatchObject({
      Rules: [{ Status: 'Enabled', ExpirationInDays: 365 }],
    });
  });

  it('reports a template that does not do what the stage parameters ask', async () => {
    const params = await loadStageParams(REPO_ROOT, 'prod');
    const findings = checkInfraStack(
      'infra',
      prod(),
      { ...params, auditTrail: false, replicaRegion: 'eu-west-1' },
      'prod',
    );
    expect(findings.map((f) => `${f.resource}.${f.property}: ${f.message}`)).toEqual(
      expect.arrayContaining([
        'Conditions.HasAuditTrail: must be false, is true',
        'RawBucket.ReplicationConfiguration.Rules: must replicate everything to arn:${AWS::Partition}:s3:::event-pipeline-prod-raw-${AWS::AccountId}-eu-west-1',
      ]),
    );
  });
});
