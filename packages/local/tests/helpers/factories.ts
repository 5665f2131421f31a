/** Shared test helpers: a stream with records on the emulators, queue reads. */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export async function createStream(kinesis: KinesisClient, shardCount = 1) {
  const name = uniqueName('stream');
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  const { StreamDescriptionSummary } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: name }),
  );
  return { name, arn: StreamDescriptionSummary!.StreamARN! };
}

/** Puts `count` records `{"n": i}` with one partition key (so they land on one shard, in order). */
export async function putNumbered(kinesis: KinesisClient, stream: string, count: number, from = 0) {
  const sequenceNumbers: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const { Records = [] } = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: Array.from({ length: size }, (_, i) => ({
          PartitionKey: 'one-key',
          Data: Buffer.from(JSON.stringify({ n: from + start + i })),
        })),
      }),
    );
    sequenceNumbers.push(...Records.map((record) => record.SequenceNumber!));
  }
  return sequenceNumbers;
}

export async function createQueue(sqs: SQSClient) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }));
  return QueueUrl!;
}

export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => JSON.parse(message.Body!)));
  }
}

export const decode = (data: string) =>
  JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { n: number };
