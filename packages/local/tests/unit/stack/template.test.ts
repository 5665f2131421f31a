import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { planStack } from '../../../src/stack/plan.js';
import { loadStackTemplate } from '../../../src/stack/template.js';

const fixtureRoot = fileURLToPath(new URL('../../fixtures/stack', import.meta.url));
const local = { region: 'us-east-1', accountId: '000000000000' };

function plan(stage: string) {
  return planStack(loadStackTemplate({ rootDir: fixtureRoot, stage, ...local }), local);
}

describe('planStack over the template assembled from serverless.yml (superseded: the recovery tools still read it)', () => {
  it('names every resource per stage, resolving Serverless variables and pseudo parameters', () => {
    const dev = plan('dev');
    expect(dev.stackName).toBe('fixture-pipeline-dev');
    expect(dev.streams).toEqual([
      { logicalId: 'EventStream', name: 'fixture-pipeline-dev-stream', shardCount: 2, retentionHours: 24 },
    ]);
    expect(dev.buckets.map((bucket) => bucket.name)).toEqual([
      'fixture-pipeline-dev-raw-000000000000-us-east-1',
      'fixture-pipeline-dev-processed-000000000000-us-east-1',
    ]);
    expect(dev.queues).toEqual([
      {
        logicalId: 'IngestDlq',
        name: 'fixture-pipeline-dev-kinesis-processor-dlq',
        attributes: { MessageRetentionPeriod: '1209600', VisibilityTimeout: '30' },
      },
      {
        logicalId: 'TransformDlq',
        name: 'fixture-pipeline-dev-s3-transformer-dlq',
        attributes: { MessageRetentionPeriod: '1209600', VisibilityTimeout: '30' },
      },
    ]);
    expect(plan('prod').streams[0]).toMatchObject({ name: 'fixture-pipeline-prod-stream', shardCount: 4 });
  });

  it('keeps the table keys, the GSI and the TTL attribute', () => {
    const [table] = plan('dev').tables;
    expect(table).toMatchObject({
      name: 'fixture-pipeline-dev-metadata',
      billingMode: 'PAY_PER_REQUEST',
      keySchema: [
        { AttributeName: 'batch_id', KeyType: 'HASH' },
        { AttributeName: 'processed_at', KeyType: 'RANGE' },
      ],
      ttlAttribute: 'ttl',
    });
    expect(table?.globalSecondaryIndexes.map((index) => index.IndexName)).toEqual(['ShardIndex']);
  });

  it('skips the types with no emulator, and resources whose condition is false, with a note each', () => {
    expect(plan('dev').notes).toEqual([
      'RawBucketPolicy (AWS::S3::BucketPolicy): skipped, no local emulator for it',
      'AlarmTopic (AWS::SNS::Topic): skipped, no local emulator for it',
      'AlarmEmailSubscription (AWS::SNS::Subscription): skipped, condition HasAlarmEmail is false',
      'IngestDlqAlarm (AWS::CloudWatch::Alarm): skipped, no local emulator for it',
    ]);
    expect(plan('prod').notes).toContain(
      'AlarmEmailSubscription (AWS::SNS::Subscription): skipped, no local emulator for it',
    );
  });

  it('evaluates the exports, with the queues real URLs once known', () => {
    const exports = plan('dev').exports({ IngestDlq: 'http://127.0.0.1:1/000000000000/q1' });
    expect(exports).toEqual({
      'fixture-pipeline-dev-StreamName': 'fixture-pipeline-dev-stream',
      'fixture-pipeline-dev-StreamArn':
        'arn:aws:kinesis:us-east-1:000000000000:stream/fixture-pipeline-dev-stream',
      'fixture-pipeline-dev-RawBucketName': 'fixture-pipeline-dev-raw-000000000000-us-east-1',
      'fixture-pipeline-dev-ProcessedBucketName': 'fixture-pipeline-dev-processed-000000000000-us-east-1',
      'fixture-pipeline-dev-LedgerTableName': 'fixture-pipeline-dev-metadata',
      'fixture-pipeline-dev-IngestDlqArn':
        'arn:aws:sqs:us-east-1:000000000000:fixture-pipeline-dev-kinesis-processor-dlq',
      'fixture-pipeline-dev-IngestDlqUrl': 'http://127.0.0.1:1/000000000000/q1',
      'fixture-pipeline-dev-TransformDlqUrl':
        'http://sqs.local/000000000000/fixture-pipeline-dev-s3-transformer-dlq',
      'fixture-pipeline-dev-AlarmTopicArn': 'arn:aws:sns:us-east-1:000000000000:fixture-pipeline-dev-alarms',
    });
  });

  it('names where a Ref points at nothing', () => {
    const loaded = loadStackTemplate({ rootDir: fixtureRoot, stage: 'dev', ...local });
    const broken = {
      ...loaded,
      template: {
        ...loaded.template,
        Outputs: {},
        Resources: { Broken: { Type: 'AWS::Kinesis::Stream', Properties: { Name: { Ref: 'Missing' } } } },
      },
    };
    expect(() => planStack(broken, local)).toThrow(
      'Broken.Name (Ref): no resource or parameter named Missing',
    );
  });
});
