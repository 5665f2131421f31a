/**
 * What the faults left in the two dead-letter queues, read without consuming it (each message
 * received, hidden for a moment, then made visible again for the redrive), as the recovery
 * tools parse it: shard ranges from the ingest DLQ, S3 events from the transform DLQ.
 */
import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseIngestFailure, parseTransformFailure } from '@event-pipeline/recovery';

export interface DeadLetteredBatch {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
}

export interface DeadLetteredObject {
  /** The key as stored. */
  key: string;
  /** The key as the S3 event carries it (URL-encoded). */
  eventKey: string;
}

export interface DeadLetters {
  ingest: DeadLetteredBatch[];
  transform: DeadLetteredObject[];
}

/** Hidden while all of them are read, so that none is received twice. */
const PEEK_VISIBILITY_SECONDS = 60;

/** The body of every message in the queue, each left there. */
export async function peekQueue(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  const receipts: string[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
        }),
      );
      if (Messages.length === 0) return bodies;
      for (const message of Messages) {
        bodies.push(message.Body ?? '');
        receipts.push(message.ReceiptHandle!);
      }
    }
  } finally {
    for (const receipt of receipts)
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receipt,
          VisibilityTimeout: 0,
        }),
      );
  }
}

export async function readDeadLetters(
  sqs: SQSClient,
  queues: { ingest: string; transform: string },
): Promise<DeadLetters> {
  const ingest = (await peekQueue(sqs, queues.ingest)).map((body) => {
    const { shardId, startSequenceNumber, endSequenceNumber, batchSize } = parseIngestFailure(body);
    return { shardId, startSequenceNumber, endSequenceNumber, batchSize };
  });
  const transform = (await peekQueue(sqs, queues.transform)).flatMap((body) => {
    const failed = parseTransformFailure(body);
    return failed.objects.map(({ key }, i) => ({ key, eventKey: failed.event.Records[i]!.s3.object.key }));
  });
  return { ingest, transform };
}
