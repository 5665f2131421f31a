import { describe, expect, it } from '@jest/globals';
import { exportEndingWith, planStack } from '../../../src/stack/plan.js';
import { fixtureStack, LOCATION } from '../../helpers/compiled-stacks.js';

const plan = () => planStack(fixtureStack('infra'), LOCATION);

describe('planStack from a compiled template', () => {
  it('names each stream, bucket and queue as the template does, evaluating pseudo parameters and parameter defaults', () => {
    const { streams, buckets, queues } = plan();
    expect(streams).toEqual([
      { logicalId: 'Stream', name: 'fixture-dev-stream', shardCount: 2, retentionHours: 24 },
      { logicalId: 'ReplayStream', name: 'fixture-dev-replay', shardCount: 4 },
    ]);
    expect(buckets).toEqual([
      { logicalId: 'RawBucket', name: 'fixture-dev-raw-000000000000-us-east-1' },
      // No name in the template: CloudFormation's generated one, lower case as bucket names are.
      { logicalId: 'ScratchBucket', name: 'fixture-dev-scratchbucket' },
    ]);
    expect(queues).toEqual([
      {
        logicalId: 'IngestDlq',
        name: 'fixture-dev-kinesis-processor-dlq',
        attributes: { MessageRetentionPeriod: '1209600', VisibilityTimeout: '30' },
      },
      {
        logicalId: 'TransformDlq',
        name: 'fixture-dev-s3-transformer-dlq',
        attributes: { MessageRetentionPeriod: '1209600', VisibilityTimeout: '30' },
      },
    ]);
  });

  it('keeps the table keys, the GSI and the TTL attribute', () => {
    expect(plan().tables).toEqual([
      {
        logicalId: 'LedgerTable',
        name: 'fixture-dev-metadata',
        billingMode: 'PAY_PER_REQUEST',
        attributeDefinitions: [
          { AttributeName: 'batch_id', AttributeType: 'S' },
          { AttributeName: 'processed_at', AttributeType: 'S' },
          { AttributeName: 'shard_id', AttributeType: 'S' },
        ],
        keySchema: [
          { AttributeName: 'batch_id', KeyType: 'HASH' },
          { AttributeName: 'processed_at', KeyType: 'RANGE' },
        ],
        globalSecondaryIndexes: [
          {
            IndexName: 'ShardIndex',
            KeySchema: [
              { AttributeName: 'shard_id', KeyType: 'HASH' },
              { AttributeName: 'processed_at', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        ttlAttribute: 'ttl',
      },
    ]);
  });

  it("skips the framework's bucket, the types with no emulator and resources whose condition is false, with a note each", () => {
    expect(plan().notes).toEqual([
      'ServerlessDeploymentBucket (AWS::S3::Bucket): skipped, the framework deploys its artifacts there',
      'RawBucketPolicy (AWS::S3::BucketPolicy): skipped, no local emulator for it',
      'AlarmTopic (AWS::SNS::Topic): skipped, no local emulator for it',
      'AlarmEmailSubscription (AWS::SNS::Subscription): skipped, condition HasAlarmEmail is false',
      'Dashboard (AWS::CloudWatch::Dashboard): skipped, no local emulator for it',
    ]);
  });

  it('evaluates the exports whose condition holds, with the queues real URLs once known', () => {
    const exports = plan().exports({ IngestDlq: 'http://127.0.0.1:1/000000000000/q1' });
    expect(exports).toEqual({
      'sls-fixture-dev-ServerlessDeploymentBucketName': 'fixture-dev-serverlessdeploymentbucket',
      'fixture-dev-StreamName': 'fixture-dev-stream',
      'fixture-dev-StreamArn': 'arn:aws:kinesis:us-east-1:000000000000:stream/fixture-dev-stream',
      'fixture-dev-RawBucketName': 'fixture-dev-raw-000000000000-us-east-1',
      'fixture-dev-RawBucketArn': 'arn:aws:s3:::fixture-dev-raw-000000000000-us-east-1',
      'fixture-dev-LedgerTableName': 'fixture-dev-metadata',
      'fixture-dev-IngestDlqArn': 'arn:aws:sqs:us-east-1:000000000000:fixture-dev-kinesis-processor-dlq',
      'fixture-dev-IngestDlqUrl': 'http://127.0.0.1:1/000000000000/q1',
      'fixture-dev-TransformDlqArn': 'arn:aws:sqs:us-east-1:000000000000:fixture-dev-s3-transformer-dlq',
      'fixture-dev-TransformDlqUrl': 'http://sqs.local/000000000000/fixture-dev-s3-transformer-dlq',
      'fixture-dev-AlarmTopicArn': 'arn:aws:sns:us-east-1:000000000000:fixture-dev-alarms',
    });
    expect(exportEndingWith(exports, 'LedgerTableName')).toBe('fixture-dev-metadata');
    expect(() => exportEndingWith(exports, 'Missing')).toThrow(
      'the stack must export exactly one *-Missing, found 0',
    );
  });

  it('names where a Ref points at nothing', () => {
    const broken = fixtureStack('infra');
    broken.template.Outputs = {};
    broken.template.Resources = {
      Broken: { Type: 'AWS::Kinesis::Stream', Properties: { Name: { Ref: 'Missing' } } },
    };
    expect(() => planStack(broken, LOCATION)).toThrow(
      'Broken.Name (Ref): no resource or parameter named Missing',
    );
  });
});
