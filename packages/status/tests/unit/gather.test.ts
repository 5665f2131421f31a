import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { gatherStatus, type StatusSources } from '../../src/gather.js';

const kinesis = mockClient(KinesisClient);
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const cloudWatch = mockClient(CloudWatchClient);
afterEach(() => {
  for (const mock of [kinesis, ddb, s3, sqs, cloudWatch]) mock.reset();
});

const now = new Date('2026-01-15T10:30:00.000Z');
const region = { region: 'us-east-1' };

function sources(withCloudWatch: boolean): StatusSources {
  return {
    target: { description: 'stage prod', stage: 'prod', region: 'us-east-1', deployed: withCloudWatch },
    clients: {
      kinesis: new KinesisClient(region),
      dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient(region)),
      s3: new S3Client(region),
      sqs: new SQSClient(region),
      ...(withCloudWatch ? { cloudWatch: new CloudWatchClient(region) } : {}),
    },
    stream: 'stream',
    ledger: { table: 'ledger', shardIndex: 'ShardIndex' },
    buckets: { raw: 'raw', processed: 'processed' },
    deadLetterQueues: [
      { queue: 'ingest', url: 'https://sqs/ingest' },
      { queue: 'compact', name: 'compactor-dlq' },
    ],
    alarmNamePrefix: 'event-pipeline-prod-',
    ingestFunctionName: 'processor',
    iteratorAgeThresholdMs: 60_000,
    getRecordsIntervalMs: 0,
  };
}

function stackWithABacklog() {
  kinesis.on(ListShardsCommand).resolves({
    Shards: [{ ShardId: 'shardId-000000000000', HashKeyRange: undefined, SequenceNumberRange: undefined }],
  });
  ddb.on(QueryCommand, { IndexName: 'ShardIndex' }).resolves({
    Items: [
      {
        batch_id: 'b2',
        processed_at: '2026-01-15T10:28:00.000Z',
        total_records: 100,
        failed_records: 3,
        last_sequence_number: '200',
      },
      {
        batch_id: 'b1',
        processed_at: '2026-01-15T10:27:00.000Z',
        total_records: 100,
        failed_records: 1,
        last_sequence_number: '100',
      },
    ],
  });
  kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
  kinesis.on(GetRecordsCommand).resolves({
    Records: [
      {
        SequenceNumber: '201',
        ApproximateArrivalTimestamp: new Date('2026-01-15T10:28:30.000Z'),
        Data: new Uint8Array(),
        PartitionKey: 'k',
      },
    ],
  });
  ddb.on(QueryCommand, { IndexName: 'PendingPartitionIndex' }).resolves({
    Items: [
      {
        batch_id: 'partition#event_type=metric/year=2026/month=01/day=15/hour=09',
        last_processed_at: '2026-01-15T10:10:00.000Z',
      },
      {
        batch_id: 'partition#event_type=metric/year=2026/month=01/day=15/hour=10',
        last_processed_at: '2026-01-15T10:29:00.000Z',
      },
    ],
  });
  sqs.on(GetQueueAttributesCommand).resolves({
    Attributes: { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '1' },
  });
  sqs.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: 'no such queue', $metadata: {} }));
}

describe('gatherStatus', () => {
  it("reads each part: a shard's backlog, the queues, the hour's quarantine, the pending partitions", async () => {
    stackWithABacklog();
    s3.on(ListObjectsV2Command).resolves({});

    const facts = await gatherStatus(sources(false), now);

    expect(facts.stream.shards).toEqual([
      {
        shardId: 'shardId-000000000000',
        closed: false,
        lastBatch: {
          batchId: 'b2',
          processedAt: '2026-01-15T10:28:00.000Z',
          ageMs: 120_000,
          records: 100,
          lastSequenceNumber: '200',
        },
        oldestUnrecorded: { sequenceNumber: '201', arrivedAt: '2026-01-15T10:28:30.000Z' },
        behindMs: 90_000,
      },
    ]);
    expect(kinesis.commandCalls(GetShardIteratorCommand)[0]!.args[0].input).toMatchObject({
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: '200',
    });
    const [shardQuery] = ddb.commandCalls(QueryCommand, { IndexName: 'ShardIndex' });
    expect(shardQuery!.args[0].input).toMatchObject({
      TableName: 'ledger',
      ScanIndexForward: false,
      KeyConditionExpression: '#shard = :shard AND #at >= :since',
      ExpressionAttributeValues: { ':shard': 'shardId-000000000000', ':since': '2026-01-15T09:30:00.000Z' },
    });
    expect(facts.deadLetterQueues).toEqual([
      { queue: 'ingest', address: 'https://sqs/ingest', depth: { visible: 2, inFlight: 1 } },
      { queue: 'compact', address: 'compactor-dlq', absent: 'this stack has no queue compactor-dlq' },
    ]);
    expect(facts.quarantine).toEqual({
      since: '2026-01-15T09:30:00.000Z',
      ingestLedger: { records: 4, batches: 2 },
      objects: [],
    });
    expect(facts.pendingPartitions).toEqual({
      count: 2,
      oldest: {
        partition: 'event_type=metric/year=2026/month=01/day=15/hour=09',
        lastProcessedAt: '2026-01-15T10:10:00.000Z',
        ageMs: 1_200_000,
      },
    });
    expect(facts.cloudWatch).toEqual({ available: false, reason: expect.stringContaining('no CloudWatch') });
    expect(cloudWatch.calls()).toHaveLength(0);
  });

  it('records a part that fails as its error and still reads the others', async () => {
    stackWithABacklog();
    s3.on(ListObjectsV2Command).rejects(new Error('Access Denied'));
    sqs.on(GetQueueUrlCommand).rejects(new Error('not authorized to perform: sqs:GetQueueUrl'));
    cloudWatch
      .on(DescribeAlarmsCommand)
      .rejects(new Error('not authorized to perform: cloudwatch:DescribeAlarms'));
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    const facts = await gatherStatus(sources(true), now);

    expect(facts.quarantine.objects).toEqual({ error: 'Access Denied' });
    expect(facts.deadLetterQueues).toEqual([
      { queue: 'ingest', address: 'https://sqs/ingest', depth: { visible: 2, inFlight: 1 } },
      { queue: 'compact', address: 'compactor-dlq', error: 'not authorized to perform: sqs:GetQueueUrl' },
    ]);
    expect(facts.quarantine.ingestLedger).toEqual({ records: 4, batches: 2 });
    expect(facts.cloudWatch).toEqual({
      available: true,
      alarmsInAlarm: { error: 'not authorized to perform: cloudwatch:DescribeAlarms' },
      iteratorAge: { functionName: 'processor', windowMinutes: 10 },
    });
    expect(facts.pendingPartitions).toMatchObject({ count: 2 });
  });
});
