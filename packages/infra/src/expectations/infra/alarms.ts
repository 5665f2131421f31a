/** The alarm topic, its optional e-mail, and each alarm: what it watches, its threshold and window, its actions. */
import { isPlainObject } from '@event-pipeline/schema';
import { placeholder, renderString } from '../../intrinsics.js';
import { asList } from '../../rules/policy-documents.js';
import { numberParam, type StageParams, stringParam } from '../../stage-params.js';
import type { CfnTemplate } from '../../template.js';
import { type TemplateExpectations, valueAt } from '../expect.js';
import type { InfraContext } from './context.js';

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

export function checkAlarmTopic({ e, name }: InfraContext): void {
  if (e.resource('AlarmTopic', 'AWS::SNS::Topic')) {
    e.equals('AlarmTopic', 'Properties.TopicName', name('alarms'));
  }
  if (e.resource('AlarmEmailSubscription', 'AWS::SNS::Subscription')) {
    e.equals('AlarmEmailSubscription', 'Condition', 'HasAlarmEmail');
    e.equals('AlarmEmailSubscription', 'Properties.Protocol', 'email');
    e.renders('AlarmEmailSubscription', 'Properties.TopicArn', placeholder('AlarmTopic'));
  }
}

export function checkAlarms(context: InfraContext): void {
  checkSingleMetricAlarms(context);
  checkLedgerThrottlesAlarm(context);
}

function checkSingleMetricAlarms({ e, template, params }: InfraContext): void {
  for (const alarm of expectedAlarms(params, template)) {
    if (!e.resource(alarm.id, 'AWS::CloudWatch::Alarm')) continue;
    const props = template.Resources[alarm.id]!.Properties ?? {};
    e.equals(alarm.id, 'Properties.Namespace', alarm.namespace);
    e.equals(alarm.id, 'Properties.MetricName', alarm.metric);
    e.equals(alarm.id, 'Properties.Statistic', alarm.statistic);
    e.equals(alarm.id, 'Properties.Threshold', alarm.threshold);
    const dimensions = asList(props.Dimensions).filter(isPlainObject);
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
}

/** Read and write throttles of the table (and its index), summed by a metric math expression. */
function checkLedgerThrottlesAlarm({ e, template, params }: InfraContext): void {
  if (!e.resource('LedgerTableThrottlesAlarm', 'AWS::CloudWatch::Alarm')) return;
  const queries = asList(valueAt(template.Resources.LedgerTableThrottlesAlarm, 'Properties.Metrics')).filter(
    isPlainObject,
  );
  const watched = queries.map((q) => ({
    metric: valueAt(q, 'MetricStat.Metric.MetricName'),
    table: asList(valueAt(q, 'MetricStat.Metric.Dimensions')).some(
      (d) =>
        isPlainObject(d) && d.Name === 'TableName' && renderString(d.Value) === placeholder('LedgerTable'),
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
    numberParam(params, 'alarmTableThrottlesThreshold'),
  );
  checkAlarmRouting(e, 'LedgerTableThrottlesAlarm');
}
