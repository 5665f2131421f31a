/**
 * What only CloudWatch knows, on a deployed stage: the stage's alarms in ALARM (their names
 * start with `<app>-<stage>-`, resources/alarms.yml and the services' own alarms), and the
 * ingest function's IteratorAge, the metric the iterator-age alarm watches.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  paginateDescribeAlarms,
  ScanBy,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmFacts, IteratorAgeFacts } from '../facts.js';

export async function alarmsInAlarm(cloudWatch: CloudWatchClient, namePrefix: string): Promise<AlarmFacts[]> {
  const alarms: AlarmFacts[] = [];
  const pages = paginateDescribeAlarms(
    { client: cloudWatch },
    { AlarmNamePrefix: namePrefix, StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
  );
  for await (const page of pages)
    for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
      alarms.push({
        name: alarm.AlarmName!,
        reason: alarm.StateReason ?? '',
        since: alarm.StateUpdatedTimestamp?.toISOString() ?? '',
      });
  return alarms;
}

/** The newest of the per-minute maxima of the function's IteratorAge over the last `windowMinutes`. */
export async function iteratorAge(
  cloudWatch: CloudWatchClient,
  functionName: string,
  now: Date,
  windowMinutes: number,
): Promise<IteratorAgeFacts> {
  const { MetricDataResults = [] } = await cloudWatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - windowMinutes * 60_000),
      EndTime: now,
      ScanBy: ScanBy.TIMESTAMP_DESCENDING,
      MaxDatapoints: windowMinutes,
      MetricDataQueries: [
        {
          Id: 'iteratorAge',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'IteratorAge',
              Dimensions: [{ Name: 'FunctionName', Value: functionName }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    }),
  );
  const result = MetricDataResults.find((candidate) => candidate.Id === 'iteratorAge');
  const value = result?.Values?.[0];
  const at = result?.Timestamps?.[0];
  return {
    functionName,
    windowMinutes,
    ...(value === undefined || at === undefined ? {} : { latest: { valueMs: value, at: at.toISOString() } }),
  };
}
