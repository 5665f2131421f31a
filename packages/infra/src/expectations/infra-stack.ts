/**
 * The infrastructure stack has every resource and setting design.md §6 asks for, with the values of
 * the stage's parameters (config/stages.yml), and exports what the services import.
 */
import { placeholder, renderString } from '../intrinsics.js';
import { asList } from '../rules/policy-documents.js';
import { numberParam, type StageParams, stringParam } from '../stage-params.js';
import type { CfnTemplate, Finding } from '../template.js';
import { isRecord } from '../template.js';
import { type DashboardMetric, dashboardMetrics } from './dashboard.js';
import { TemplateExpectations, valueAt } from './expect.js';

/** docs/stack-contract.md: exported as `<app>-<stage>-<Name>`. */
export const CONTRACT_EXPORTS = [
  'StreamName',
  'StreamArn',
  'RawBucketName',
  'RawBucketArn',
  'ProcessedBucketName',
  'ProcessedBucketArn',
  'LedgerTableName',
  'LedgerTableArn',
  'IngestDlqArn',
  'IngestDlqUrl',
  'TransformDlqArn',
  'TransformDlqUrl',
  'AlarmTopicArn',
] as const;

interface ExpectedAlarm {
  id: string;
  namespace: string;
  metric: string;
  /** The dimension's name and the values that identify the right resource (a literal name or a reference). */
  dimension: [string, ...string[]];
  statistic: string;
  /** Seconds the metric is aggregated over before comparing (Period x EvaluationPeriods). */
  window: number;
  threshold: number;
}

function expectedAlarms(p: StageParams, stack: CfnTemplate): ExpectedAlarm[] {
  const ingest = stringParam(p, 'ingestFunctionName');
  const transform = stringParam(p, 'transformFunctionName');
  const errorsWindow = numberParam(p, 'alarmLambdaErrorsPeriodSeconds');
  const errors = numberParam(p, 'alarmLambdaErrorsThreshold');
  const throttles = numberParam(p, 'alarmLambdaThrottlesThreshold');
  const dlqDepth = numberParam(p, 'alarmDlqDepthThreshold');
  const queue = (id: string): string[] => [
    renderString(valueAt(stack.Resources[id], 'Properties.QueueName')),
    placeholder(`${id}.QueueName`),
  ];
  return [
    {
      id: 'ProcessorErrorsAlarm',
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimension: ['FunctionName', ingest],
      statistic: 'Sum',
      window: errorsWindow,
      threshold: errors,
    },
    {
      id: 'TransformerErrorsAlarm',
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimension: ['FunctionName', transform],
      statistic: 'Sum',
      window: errorsWindow,
      threshold: errors,
    },
    {
      id: 'ProcessorThrottlesAlarm',
      namespace: 'AWS/Lambda',
      metric: 'Throttles',
      dimension: ['FunctionName', ingest],
      statistic: 'Sum',
      window: 60,
      threshold: throttles,
    },
    {
      id: 'TransformerThrottlesAlarm',
      namespace: 'AWS/Lambda',
      metric: 'Throttles',
      dimension: ['FunctionName', transform],
      statistic: 'Sum',
      window: 60,
      threshold: throttles,
    },
    {
      id: 'ProcessorIteratorAgeAlarm',
      namespace: 'AWS/Lambda',
      metric: 'IteratorAge',
      dimension: ['FunctionName', ingest],
      statistic: 'Maximum',
      window: 60,
      threshold: numberParam(p, 'alarmIteratorAgeThresholdMs'),
    },
    {
      id: 'IngestDlqDepthAlarm',
      namespace: 'AWS/SQS',
      metric: 'ApproximateNumberOfMessagesVisible',
      dimension: ['QueueName', ...queue('IngestDlq')],
      statistic: 'Maximum',
      window: 60,
      threshold: dlqDepth,
    },
    {
      id: 'TransformDlqDepthAlarm',
      namespace: 'AWS/SQS',
      metric: 'ApproximateNumberOfMessagesVisible',
      dimension: ['QueueName', ...queue('TransformDlq')],
      statistic: 'Maximum',
      window: 60,
      threshold: dlqDepth,
    },
  ];
}

function checkAlarmRouting(e: TemplateExpectations, id: string): void {
  e.equals(id, 'Properties.ComparisonOperator', 'GreaterThanThreshold');
  for (const actions of ['AlarmActions', 'OKActions']) {
    const targets = asList(valueAt(e.resourceOf(id), `Properties.${actions}`)).map(renderString);
    e.check(
      id,
      `Properties.${actions}`,
      targets.includes(placeholder('AlarmTopic')),
      `${actions} must notify the AlarmTopic`,
    );
  }
}

function checkDashboard(e: TemplateExpectations, stack: CfnTemplate): void {
  if (!e.resource('Dashboard', 'AWS::CloudWatch::Dashboard')) return;
  let metrics: DashboardMetric[];
  try {
    metrics = dashboardMetrics(stack, 'Dashboard');
  } catch (error) {
    e.fail('Dashboard', 'DashboardBody', `is not valid JSON: ${(error as Error).message}`);
    return;
  }
  const stats = (name: string) =>
    new Set(
      metrics
        .filter((m) => m[1] === name)
        .map((m) => {
          const last = m[m.length - 1];
          return isRecord(last) && typeof last.stat === 'string' ? last.stat : undefined;
        }),
    );
  const shown: Array<[string, boolean]> = [
    ['throughput (IncomingRecords)', metrics.some((m) => m[1] === 'IncomingRecords')],
    ['errors (Errors)', metrics.some((m) => m[1] === 'Errors')],
    ['iterator age (IteratorAge)', metrics.some((m) => m[1] === 'IteratorAge')],
    ['duration p50/p95/p99', ['p50', 'p95', 'p99'].every((s) => stats('Duration').has(s))],
    [
      'DLQ depth of both queues',
      metrics.filter((m) => m[1] === 'ApproximateNumberOfMessagesVisible').length >= 2,
    ],
    [
      'end-to-end latency (EventPipeline EndToEndLatency)',
      metrics.some((m) => m[0] === 'EventPipeline' && m[1] === 'EndToEndLatency'),
    ],
  ];
  for (const [what, ok] of shown) e.check('Dashboard', 'DashboardBody', ok, `does not show ${what}`);
}

export function checkInfraStack(
  stack: string,
  template: CfnTemplate,
  p: StageParams,
  stage: string,
): Finding[] {
  const e = new TemplateExpectations(stack, template, 'infra-contract');
  const app = stringParam(p, 'app');
  const name = (role: string) => `${app}-${stage}-${role}`;

  if (e.resource('Stream', 'AWS::Kinesis::Stream')) {
    e.equals('Stream', 'Properties.Name', name('stream'));
    e.equals('Stream', 'Properties.StreamModeDetails.StreamMode', 'PROVISIONED');
    e.equals('Stream', 'Properties.ShardCount', numberParam(p, 'streamShardCount'));
    e.equals('Stream', 'Properties.RetentionPeriodHours', numberParam(p, 'streamRetentionHours'));
    e.equals('Stream', 'Properties.StreamEncryption', { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    const metrics = asList(valueAt(template.Resources.Stream, 'Properties.DesiredShardLevelMetrics'));
    e.check(
      'Stream',
      'Properties.DesiredShardLevelMetrics',
      metrics.length > 0,
      'shard-level metrics are off',
    );
  }

  for (const [id, role] of [
    ['RawBucket', 'raw'],
    ['ProcessedBucket', 'processed'],
  ] as const) {
    if (!e.resource(id, 'AWS::S3::Bucket')) continue;
    e.renders(id, 'Properties.BucketName', `${name(role)}-\${AWS::AccountId}-\${AWS::Region}`);
    e.equals(id, 'Properties.VersioningConfiguration.Status', 'Enabled');
    e.equals(id, 'DeletionPolicy', stringParam(p, 'dataRemovalPolicy'));
    const days = numberParam(p, 'glacierTransitionDays');
    const rules = asList(valueAt(template.Resources[id], 'Properties.LifecycleConfiguration.Rules')).filter(
      isRecord,
    );
    const archives = (list: string) =>
      rules.some(
        (r) =>
          r.Status === 'Enabled' &&
          asList(r[list]).some(
            (t) => isRecord(t) && t.StorageClass === 'GLACIER' && t.TransitionInDays === days,
          ),
      );
    e.check(
      id,
      'Properties.LifecycleConfiguration',
      archives('Transitions'),
      `no enabled rule moves objects to GLACIER after ${days} days`,
    );
    e.check(
      id,
      'Properties.LifecycleConfiguration',
      archives('NoncurrentVersionTransitions'),
      `no enabled rule moves noncurrent versions to GLACIER after ${days} days`,
    );
  }
  // The transform stack subscribes to the raw bucket (Custom::S3); a configuration here would erase it on update.
  e.equals('RawBucket', 'Properties.NotificationConfiguration', undefined);

  if (e.resource('LedgerTable', 'AWS::DynamoDB::Table')) {
    e.equals('LedgerTable', 'Properties.TableName', name('metadata'));
    e.equals('LedgerTable', 'Properties.BillingMode', 'PAY_PER_REQUEST');
    e.equals('LedgerTable', 'Properties.KeySchema', [
      { AttributeName: 'batch_id', KeyType: 'HASH' },
      { AttributeName: 'processed_at', KeyType: 'RANGE' },
    ]);
    const indexes = asList(
      valueAt(template.Resources.LedgerTable, 'Properties.GlobalSecondaryIndexes'),
    ).filter(isRecord);
    const shardIndex = indexes.find((i) => i.IndexName === 'ShardIndex');
    e.check(
      'LedgerTable',
      'Properties.GlobalSecondaryIndexes',
      shardIndex !== undefined,
      'has no ShardIndex',
    );
    if (shardIndex) {
      e.check(
        'LedgerTable',
        'Properties.GlobalSecondaryIndexes.ShardIndex.KeySchema',
        JSON.stringify(shardIndex.KeySchema) ===
          JSON.stringify([
            { AttributeName: 'shard_id', KeyType: 'HASH' },
            { AttributeName: 'processed_at', KeyType: 'RANGE' },
          ]),
        'ShardIndex must be keyed by shard_id (HASH) and processed_at (RANGE)',
      );
    }
    e.equals('LedgerTable', 'Properties.TimeToLiveSpecification', { AttributeName: 'ttl', Enabled: true });
    e.equals('LedgerTable', 'Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', true);
    e.equals('LedgerTable', 'Properties.SSESpecification.SSEEnabled', true);
    e.equals('LedgerTable', 'Properties.DeletionProtectionEnabled', p.tableDeletionProtection);
    e.equals('LedgerTable', 'DeletionPolicy', stringParam(p, 'dataRemovalPolicy'));
  }

  for (const [id, role] of [
    ['IngestDlq', 'kinesis-processor-dlq'],
    ['TransformDlq', 's3-transformer-dlq'],
  ] as const) {
    if (!e.resource(id, 'AWS::SQS::Queue')) continue;
    e.equals(id, 'Properties.QueueName', name(role));
    e.equals(id, 'Properties.MessageRetentionPeriod', numberParam(p, 'dlqRetentionSeconds'));
    e.equals(id, 'Properties.VisibilityTimeout', numberParam(p, 'dlqVisibilityTimeoutSeconds'));
    e.equals(id, 'Properties.SqsManagedSseEnabled', true);
  }

  if (e.resource('AlarmTopic', 'AWS::SNS::Topic')) {
    e.equals('AlarmTopic', 'Properties.TopicName', name('alarms'));
  }
  if (e.resource('AlarmEmailSubscription', 'AWS::SNS::Subscription')) {
    e.equals('AlarmEmailSubscription', 'Condition', 'HasAlarmEmail');
    e.equals('AlarmEmailSubscription', 'Properties.Protocol', 'email');
    e.renders('AlarmEmailSubscription', 'Properties.TopicArn', placeholder('AlarmTopic'));
  }

  for (const alarm of expectedAlarms(p, template)) {
    if (!e.resource(alarm.id, 'AWS::CloudWatch::Alarm')) continue;
    const props = template.Resources[alarm.id]!.Properties ?? {};
    e.equals(alarm.id, 'Properties.Namespace', alarm.namespace);
    e.equals(alarm.id, 'Properties.MetricName', alarm.metric);
    e.equals(alarm.id, 'Properties.Statistic', alarm.statistic);
    e.equals(alarm.id, 'Properties.Threshold', alarm.threshold);
    const dimensions = asList(props.Dimensions).filter(isRecord);
    const [dimension, ...values] = alarm.dimension;
    e.check(
      alarm.id,
      'Properties.Dimensions',
      dimensions.some((d) => d.Name === dimension && values.includes(renderString(d.Value))),
      `must watch ${dimension} ${values.join(' or ')}`,
    );
    const window = Number(props.Period) * Number(props.EvaluationPeriods);
    e.check(
      alarm.id,
      'Properties.Period',
      window === alarm.window,
      `must aggregate over ${alarm.window} s, does over ${window} s`,
    );
    checkAlarmRouting(e, alarm.id);
  }
  if (e.resource('LedgerTableThrottlesAlarm', 'AWS::CloudWatch::Alarm')) {
    const queries = asList(
      valueAt(template.Resources.LedgerTableThrottlesAlarm, 'Properties.Metrics'),
    ).filter(isRecord);
    const watched = queries.map((q) => ({
      metric: valueAt(q, 'MetricStat.Metric.MetricName'),
      table: asList(valueAt(q, 'MetricStat.Metric.Dimensions')).some(
        (d) => isRecord(d) && d.Name === 'TableName' && renderString(d.Value) === placeholder('LedgerTable'),
      ),
    }));
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      e.check(
        'LedgerTableThrottlesAlarm',
        'Properties.Metrics',
        watched.some((w) => w.metric === metric && w.table),
        `must watch ${metric} of the LedgerTable`,
      );
    }
    e.equals(
      'LedgerTableThrottlesAlarm',
      'Properties.Threshold',
      numberParam(p, 'alarmTableThrottlesThreshold'),
    );
    checkAlarmRouting(e, 'LedgerTableThrottlesAlarm');
  }

  checkDashboard(e, template);

  for (const exportName of CONTRACT_EXPORTS) {
    const output = template.Outputs?.[exportName];
    const actual = output?.Export ? renderString(output.Export.Name) : undefined;
    if (actual !== name(exportName)) {
      e.fail(
        `Outputs.${exportName}`,
        'Export.Name',
        `expected export ${name(exportName)}, is ${actual ?? 'missing'}`,
      );
    }
  }
  return e.findings;
}
