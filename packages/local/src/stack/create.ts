/**
 * Creates a stack plan's resources on the emulators. Creating is idempotent: a resource that
 * already exists (data kept under `.local/` from an earlier run) is reused as it is.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException as TableInUse,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  type KinesisClient,
  ResourceInUseException as StreamInUse,
} from '@aws-sdk/client-kinesis';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { StackPlan, StreamSpec, TableSpec } from './plan.js';

export interface StackClients {
  kinesis: KinesisClient;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
}

interface CreatedStack {
  /** Stream name -> ARN. */
  streamArns: Record<string, string>;
  /** Queue logical id -> URL. */
  queueUrls: Record<string, string>;
  /** Lines saying what was created, reused or left out. */
  notes: string[];
}

const DEFAULT_RETENTION_HOURS = 24;

async function createStream(kinesis: KinesisClient, spec: StreamSpec, notes: string[]): Promise<string> {
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: spec.name, ShardCount: spec.shardCount }));
  } catch (error) {
    if (!(error instanceof StreamInUse)) throw error;
    notes.push(`${spec.logicalId}: stream ${spec.name} already exists, reused`);
  }
  // kinesalite creates streams ACTIVE at once (createStreamMs 0), but wait like a real client would.
  for (let attempt = 0; ; attempt++) {
    const { StreamDescriptionSummary: summary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: spec.name }),
    );
    if (summary?.StreamStatus === 'ACTIVE') {
      if (summary.OpenShardCount !== spec.shardCount)
        notes.push(
          `${spec.logicalId}: existing stream has ${summary.OpenShardCount} shards, the template asks ${spec.shardCount}`,
        );
      if (
        spec.retentionHours !== undefined &&
        spec.retentionHours > (summary.RetentionPeriodHours ?? DEFAULT_RETENTION_HOURS)
      )
        await kinesis.send(
          new IncreaseStreamRetentionPeriodCommand({
            StreamName: spec.name,
            RetentionPeriodHours: spec.retentionHours,
          }),
        );
      return summary.StreamARN!;
    }
    if (attempt > 100) throw new Error(`stream ${spec.name} did not become ACTIVE`);
    await sleep(50);
  }
}

function tableInput(spec: TableSpec): CreateTableCommandInput {
  const onDemand = spec.billingMode === 'PAY_PER_REQUEST';
  const throughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  return {
    TableName: spec.name,
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    AttributeDefinitions: spec.attributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: spec.keySchema as CreateTableCommandInput['KeySchema'],
    ...(onDemand ? {} : { ProvisionedThroughput: throughput }),
    ...(spec.globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map(
            ({ ProvisionedThroughput: _unused, ...index }) => ({
              ...index,
              ...(onDemand ? {} : { ProvisionedThroughput: throughput }),
            }),
          ) as CreateTableCommandInput['GlobalSecondaryIndexes'],
        }),
  };
}

export async function createStack(plan: StackPlan, clients: StackClients): Promise<CreatedStack> {
  const notes: string[] = [];
  const streamArns: Record<string, string> = {};
  const queueUrls: Record<string, string> = {};
  for (const stream of plan.streams)
    streamArns[stream.name] = await createStream(clients.kinesis, stream, notes);
  for (const bucket of plan.buckets) {
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
    } catch (error) {
      // s3rver answers BucketAlreadyExists for its own buckets (kept under .local/ from a run before).
      if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
    }
  }
  for (const table of plan.tables) {
    try {
      await clients.dynamodb.send(new CreateTableCommand(tableInput(table)));
    } catch (error) {
      if (!(error instanceof TableInUse)) throw error;
    }
    // dynalite has no UpdateTimeToLive: items are kept past their `ttl` locally.
    if (table.ttlAttribute !== undefined)
      notes.push(`${table.logicalId}: TTL on "${table.ttlAttribute}" is not emulated (items are kept)`);
  }
  for (const queue of plan.queues) {
    const { QueueUrl } = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: queue.name, Attributes: queue.attributes }),
    );
    queueUrls[queue.logicalId] = QueueUrl!;
  }
  return { streamArns, queueUrls, notes };
}
