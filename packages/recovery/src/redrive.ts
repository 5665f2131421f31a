/**
 * DLQ redrive: each message of kinesis-processor-dlq (a discarded batch's shard and sequence
 * range) has its records read back from the stream and processed again by the ingest handler;
 * each message of s3-transformer-dlq (the failed S3 event) has its objects transformed again
 * by the transform handler. A message is deleted only once its records are durable (the
 * handler reported no failure); any other is left in the queue, visible again at the end of
 * the run, with the reason.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { LogLevel, ShardRecord } from '@event-pipeline/local';
import {
  type FailedBatch,
  type FailedInvocation,
  parseIngestFailure,
  parseTransformFailure,
} from './dlq-messages.js';
import {
  type Outcome,
  type PipelineFunctions,
  pipelineFunctions,
  withAttempts,
} from './pipeline-functions.js';
import { readRange } from './stream-reader.js';
import type { RecoveryTarget } from './target.js';

export type QueueName = 'ingest' | 'transform';
export const QUEUE_NAMES: readonly QueueName[] = ['ingest', 'transform'];

export interface MessageReport {
  messageId: string;
  /** What the message names: a shard range, or objects. */
  subject: string;
  status: 'redriven' | 'failed' | 'would-redrive';
  /** Records (ingest) or objects (transform) it covers. */
  items: number;
  reason?: string;
}

export interface RedriveOptions {
  target: RecoveryTarget;
  queue: QueueName;
  /** Reads and checks, deletes and writes nothing. */
  dryRun?: boolean;
  maxMessages?: number;
  /** Handler attempts per message before it is left in the queue. */
  attempts?: number;
  /** The handlers to run; the pipeline's own, built for the target, by default. */
  functions?: PipelineFunctions;
  /** The default handlers' Powertools log level. */
  logLevel?: LogLevel;
  onMessage?: (report: MessageReport, index: number) => void;
}

export interface RedriveSummary {
  queue: QueueName;
  queueUrl: string;
  dryRun: boolean;
  received: number;
  redriven: number;
  failed: number;
  /** Records (ingest) or objects (transform) made durable, or that would be. */
  items: number;
  messages: MessageReport[];
}

const DEFAULT_ATTEMPTS = 3;

function rangeSubject(batch: FailedBatch): string {
  return `${batch.shardId} ${batch.startSequenceNumber}..${batch.endSequenceNumber} (${batch.batchSize} records, ${batch.condition} at ${batch.failedAt})`;
}

/** The report of a message left in the queue, and why. */
function failedReport(messageId: string, subject: string, reason: string): MessageReport {
  return { messageId, subject, status: 'failed', items: 0, reason };
}

/** What `redriveParsed` reports on the message's parsed body; a failure if the body cannot be parsed. */
async function redriveMessage<T>(
  message: Message,
  parse: (body: string | undefined) => T,
  redriveParsed: (messageId: string, parsed: T) => Promise<MessageReport>,
): Promise<MessageReport> {
  const messageId = message.MessageId!;
  let parsed: T;
  try {
    parsed = parse(message.Body);
  } catch (error) {
    return failedReport(messageId, 'unreadable message', (error as Error).message);
  }
  return redriveParsed(messageId, parsed);
}

export async function redrive(options: RedriveOptions): Promise<RedriveSummary> {
  const { target, queue, dryRun = false } = options;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const maxMessages = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const { sqs, kinesis } = target.clients;
  const queueUrl = target.dlq[queue];
  if (queueUrl === '') throw new Error(`${target.description} has no ${queue} DLQ`);
  const functions = options.functions ?? pipelineFunctions(target, options.logLevel);
  const fn = target.functions[queue];
  // Long enough for every attempt of one message: it must not reappear while being worked on.
  const visibilitySeconds = Math.min(43_200, Math.ceil(attempts * (fn.timeoutSeconds + 5) + 30));

  async function redriveBatch(messageId: string, batch: FailedBatch): Promise<MessageReport> {
    const subject = rangeSubject(batch);
    const fail = (reason: string): MessageReport => failedReport(messageId, subject, reason);
    if (batch.streamArn !== target.stream.arn)
      return fail(`it is for stream ${batch.streamArn}, not ${target.stream.arn} of ${target.description}`);
    const streamName = target.stream.name;
    let records: ShardRecord[];
    try {
      records = await readRange(kinesis, {
        streamName,
        shardId: batch.shardId,
        first: batch.startSequenceNumber,
        last: batch.endSequenceNumber,
        settings: target.reader,
      });
    } catch (error) {
      return fail((error as Error).message);
    }
    if (records.length !== batch.batchSize)
      return fail(
        `the stream holds ${records.length} records in that range, the message says ${batch.batchSize}`,
      );
    if (dryRun) return { messageId, subject, status: 'would-redrive', items: records.length };
    const outcome = await withAttempts(attempts, () => functions.ingest(records));
    return outcome.ok
      ? { messageId, subject, status: 'redriven', items: records.length }
      : fail(outcome.reason);
  }

  async function redriveObjects(messageId: string, failed: FailedInvocation): Promise<MessageReport> {
    const subject = failed.objects.map(({ bucket, key }) => `s3://${bucket}/${key}`).join(', ');
    const items = failed.objects.length;
    const foreign = failed.objects.find(({ bucket }) => bucket !== target.rawBucket);
    if (foreign !== undefined)
      return failedReport(
        messageId,
        subject,
        `it names bucket ${foreign.bucket}, not the raw bucket ${target.rawBucket} of ${target.description}`,
      );
    if (dryRun) return { messageId, subject, status: 'would-redrive', items };
    const outcome: Outcome = await withAttempts(attempts, () => functions.transform(failed.event));
    return outcome.ok
      ? { messageId, subject, status: 'redriven', items }
      : failedReport(messageId, subject, outcome.reason);
  }

  const summary: RedriveSummary = {
    queue,
    queueUrl,
    dryRun,
    received: 0,
    redriven: 0,
    failed: 0,
    items: 0,
    messages: [],
  };
  /** Messages left in the queue (id -> latest receipt handle): made visible again once the run is over. */
  const kept = new Map<string, string>();
  const handled = new Set<string>();
  try {
    while (summary.received < maxMessages) {
      // One at a time: each message stays invisible only while it is worked on.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          VisibilityTimeout: visibilitySeconds,
          WaitTimeSeconds: target.receiveWaitSeconds,
        }),
      );
      const message = Messages[0];
      if (message === undefined) break;
      const messageId = message.MessageId!;
      if (handled.has(messageId)) {
        // Left in the queue earlier in this run and visible again (a long run): hidden once more, not retried.
        kept.set(messageId, message.ReceiptHandle!);
        continue;
      }
      handled.add(messageId);
      summary.received++;
      const report =
        queue === 'ingest'
          ? await redriveMessage(message, parseIngestFailure, redriveBatch)
          : await redriveMessage(message, parseTransformFailure, redriveObjects);
      if (report.status === 'redriven') {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        summary.redriven++;
      } else {
        kept.set(messageId, message.ReceiptHandle!);
        if (report.status === 'failed') summary.failed++;
      }
      summary.items += report.items;
      summary.messages.push(report);
      options.onMessage?.(report, summary.received);
    }
  } finally {
    for (const receiptHandle of kept.values()) {
      await sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: 0,
          }),
        )
        .catch(() => undefined);
    }
  }
  return summary;
}
