import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { alarmsInAlarm, iteratorAge } from '../../src/readers/cloudwatch.js';

const cloudWatch = mockClient(CloudWatchClient);
afterEach(() => {
  cloudWatch.reset();
});
const client = () => new CloudWatchClient({ region: 'us-east-1' });

describe('alarmsInAlarm', () => {
  it("asks for the stage's alarms in ALARM only, page by page, metric and composite alike", async () => {
    cloudWatch
      .on(DescribeAlarmsCommand, { NextToken: undefined })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'event-pipeline-prod-processor-errors',
            StateReason: 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).',
            StateUpdatedTimestamp: new Date('2026-01-15T10:20:00.000Z'),
          },
        ],
        NextToken: 'page-2',
      })
      .on(DescribeAlarmsCommand, { NextToken: 'page-2' })
      .resolves({
        CompositeAlarms: [
          {
            AlarmName: 'event-pipeline-prod-any',
            StateReason: 'children in ALARM',
            StateUpdatedTimestamp: new Date('2026-01-15T10:21:00.000Z'),
          },
        ],
      });

    await expect(alarmsInAlarm(client(), 'event-pipeline-prod-')).resolves.toEqual([
      {
        name: 'event-pipeline-prod-processor-errors',
        reason: 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).',
        since: '2026-01-15T10:20:00.000Z',
      },
      { name: 'event-pipeline-prod-any', reason: 'children in ALARM', since: '2026-01-15T10:21:00.000Z' },
    ]);
    const asked = cloudWatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input);
    expect(asked).toHaveLength(2);
    for (const input of asked)
      expect(input).toMatchObject({
        AlarmNamePrefix: 'event-pipeline-prod-',
        StateValue: 'ALARM',
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      });
  });
});

describe('iteratorAge', () => {
  const now = new Date('2026-01-15T10:30:00.000Z');

  it("reads the function's IteratorAge maxima per minute over the window, newest first, and keeps the newest", async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'iteratorAge',
          Timestamps: [new Date('2026-01-15T10:29:00.000Z'), new Date('2026-01-15T10:28:00.000Z')],
          Values: [1250, 98000],
        },
      ],
    });

    await expect(iteratorAge(client(), 'event-pipeline-ingest-prod-processor', now, 10)).resolves.toEqual({
      functionName: 'event-pipeline-ingest-prod-processor',
      windowMinutes: 10,
      latest: { valueMs: 1250, at: '2026-01-15T10:29:00.000Z' },
    });
    const [call] = cloudWatch.commandCalls(GetMetricDataCommand);
    expect(call!.args[0].input).toEqual({
      StartTime: new Date('2026-01-15T10:20:00.000Z'),
      EndTime: now,
      ScanBy: 'TimestampDescending',
      MaxDatapoints: 10,
      MetricDataQueries: [
        {
          Id: 'iteratorAge',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'IteratorAge',
              Dimensions: [{ Name: 'FunctionName', Value: 'event-pipeline-ingest-prod-processor' }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    });
  });

  it('has no latest value when the function read nothing in the window', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'iteratorAge', Timestamps: [], Values: [] }],
    });
    await expect(iteratorAge(client(), 'fn', now, 10)).resolves.toEqual({
      functionName: 'fn',
      windowMinutes: 10,
    });
  });
});
