import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStack } from '../../../src/stack/create.js';
import { planStack } from '../../../src/stack/plan.js';
import { fixtureStack, LOCATION } from '../../helpers/compiled-stacks.js';

describe('createStack on the emulators', () => {
  let emulators: Emulators;
  let clients: { kinesis: KinesisClient; s3: S3Client; dynamodb: DynamoDBClient; sqs: SQSClient };
  beforeAll(async () => {
    emulators = await startEmulators();
    clients = {
      kinesis: new KinesisClient(emulators.clientConfig('kinesis')),
      s3: new S3Client(emulators.clientConfig('s3')),
      dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
      sqs: new SQSClient(emulators.clientConfig('sqs')),
    };
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('creates the stream, buckets, table with its GSI and queues, and can run again over them', async () => {
    const plan = planStack(fixtureStack('infra'), LOCATION);
    const first = await createStack(plan, clients);
    const again = await createStack(plan, clients);
    expect(again.queueUrls).toEqual(first.queueUrls);
    expect(again.notes).toContain('Stream: stream fixture-dev-stream already exists, reused');

    const stream = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'fixture-dev-stream' }),
    );
    expect(stream.StreamDescriptionSummary).toMatchObject({ OpenShardCount: 2, RetentionPeriodHours: 24 });
    expect(first.streamArns).toEqual({
      'fixture-dev-stream': stream.StreamDescriptionSummary!.StreamARN,
      'fixture-dev-replay': expect.stringContaining(':stream/fixture-dev-replay'),
    });
    for (const bucket of plan.buckets) await clients.s3.send(new HeadBucketCommand({ Bucket: bucket.name }));
    const { Table } = await clients.dynamodb.send(
      new DescribeTableCommand({ TableName: 'fixture-dev-metadata' }),
    );
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['ShardIndex']);
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: first.queueUrls.IngestDlq, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({ MessageRetentionPeriod: '1209600', VisibilityTimeout: '30' });
  });
});
