/**
 * DLQ redrive: each message of kinesis-processor-dlq (a discarded batch's shard and sequence
 * range) has its records read back from the stream and processed again by the ingest handler;
 * each message of s3-transformer-dlq (the failed S3 event) has its objects transformed again
 * by the transform handler. A message is deleted only once its records are durable (the
 * handler reported no failure); any other is left in the queue, visible again at the end of
 * the run, with the reason.
 *
 * A message that can never be redriven (its records expired from the stream, its object gone)
 * has an explicit way out: exported (appended to a JSON Lines file, with its body, attributes
 * and the reason) and then deleted, either by id (`discard`, after a run has shown it) or, with
 * `exportFile` alone, every message this run leaves.
 */
import { appendFile } from 'node:fs/promises';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { StackTarget } from '@event-pipeline/cli';
import type { ShardRecord } from '@event-pipeline/local';
import type { LogLevel } from '@event-pipeline/runtime';
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

export type QueueName = 'ingest' | 'transform';
export const QUEUE_NAMES: readonly QueueName[] = ['ingest', 'transform'];

export interface MessageReport {
  messageId: string;
  /** What the message names: a shard range, or objects. */
  subject: string;
  /** `exported`: saved to the export file and deleted from the queue, not redriven. */
  status: 'redriven' | 'failed' | 'would-redrive' | 'exported';
  /** Records (ingest) or objects (transform) it covers. */
  items: number;
  reason?: string;
}

export interface RedriveOptions {
  target: StackTarget;
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
  /**
   * Only these messages (by id) are handled, none redriven: each is exported to `exportFile` and
   * deleted. The others stay in the queue, untouched.
   */
  discard?: readonly string[];
  /**
   * Where messages taken out of the queue without being redriven are appended (JSON Lines): the
   * `discard`ed ones or, without `discard`, every message this run would leave in the queue.
   */
  exportFile?: string;
  onMessage?: (report: MessageReport, index: number) => void;
}

/** A line of the export file: the message as the queue held it, and why it left unredriven. */
export interface ExportedMessage {
  messageId: string;
  queue: QueueName;
  queueUrl: string;
  exportedAt: string;
  subject: string;
  reason: string;
  body: string | undefined;
  attributes: Message['Attributes'];
  messageAttributes: Message['MessageAttributes'];
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
  /** Messages saved to the export file and deleted. */
  exported: number;
  /** Ids of `discard` the queue did not hold. */
  notFound: string[];
  messages: MessageReport[];
}

const DEFAULT_ATTEMPTS = 3;

/** What redriving one message takes: the run's target, handlers and settings. */
interface RedriveRun {
  target: StackTarget;
  functions: PipelineFunctions;
  dryRun: boolean;
  attempts: number;
}

function rangeSubject(batch: FailedBatch): string {
  return `${batch.shardId} ${batch.startSequenceNumber}..${batch.endSequenceNumber} (${batch.batchSize} records, ${batch.condition} at ${batch.failedAt})`;
}

/** The report of a message left in the queue, and why. */
function failedReport(messageId: string, subject: string, reason: string): MessageReport {
  return { messageId, subject, status: 'failed', items: 0, reason };
}

/** A kinesis-processor-dlq message: the records it names, read back from the stream, through the ingest handler. */
async function redriveBatch(run: RedriveRun, messageId: string, batch: FailedBatch): Promise<MessageReport> {
  const { target } = run;
  const subject = rangeSubject(batch);
  const fail = (reason: string): MessageReport => failedReport(messageId, subject, reason);
  if (batch.streamArn !== target.stream.arn)
    return fail(`it is for stream ${batch.streamArn}, not ${target.stream.arn} of ${target.description}`);
  let records: ShardRecord[];
  try {
    // No more than the message's batch size is read: a range that holds more is no batch of it.
    records = await readRange(target.clients.kinesis, {
      streamName: target.stream.name,
      shardId: batch.shardId,
      first: batch.startSequenceNumber,
      last: batch.endSequenceNumber,
      maxRecords: batch.batchSize,
      settings: target.reader,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  if (records.length !== batch.batchSize)
    return fail(
      `the stream holds ${records.length} records in that range, the message says ${batch.batchSize}`,
    );
  if (run.dryRun) return { messageId, subject, status: 'would-redrive', items: records.length };
  const outcome = await withAttempts(run.attempts, () => run.functions.ingest(records));
  return outcome.ok
    ? { messageId, subject, status: 'redriven', items: records.length }
    : fail(outcome.reason);
}

/** An s3-transformer-dlq message: the objects of its S3 event, through the transform handler. */
async function redriveObjects(
  run: RedriveRun,
  messageId: string,
  failed: FailedInvocation,
): Promise<MessageReport> {
  const { target } = run;
  const subject = failed.objects.map(({ bucket, key }) => `s3://${bucket}/${key}`).join(', ');
  const items = failed.objects.length;
  const foreign = failed.objects.find(({ bucket }) => bucket !== target.rawBucket);
  if (foreign !== undefined)
    return failedReport(
      messageId,
      subject,
      `it names bucket ${foreign.bucket}, not the raw bucket ${target.rawBucket} of ${target.description}`,
    );
  if (run.dryRun) return { messageId, subject, status: 'would-redrive', items };
  const outcome: Outcome = await withAttempts(run.attempts, () => run.functions.transform(failed.event));
  return outcome.ok
    ? { messageId, subject, status: 'redriven', items }
    : failedReport(messageId, subject, outcome.reason);
}

/** What `redriveParsed` reports on the message's parsed body; a failure if the body cannot be parsed. */
async function redriveParsed<T>(
  message: Message,
  parse: (body: string | undefined) => T,
  redriveBody: (messageId: string, parsed: T) => Promise<MessageReport>,
): Promise<MessageReport> {
  const messageId = message.MessageId!;
  let parsed: T;
  try {
    parsed = parse(message.Body);
  } catch (error) {
    return failedReport(messageId, 'unreadable message', (error as Error).message);
  }
  return redriveBody(messageId, parsed);
}

/** What a message names, for a report, without redriving it. */
function subjectOf(queue: QueueName, message: Message): string {
  try {
    return queue === 'ingest'
      ? rangeSubject(parseIngestFailure(message.Body))
      : parseTransformFailure(message.Body)
          .objects.map(({ bucket, key }) => `s3://${bucket}/${key}`)
          .join(', ');
  } catch {
    return 'unreadable message';
  }
}

function redriveMessage(run: RedriveRun, queue: QueueName, message: Message): Promise<MessageReport> {
  return queue === 'ingest'
    ? redriveParsed(message, parseIngestFailure, (id, batch) => redriveBatch(run, id, batch))
    : redriveParsed(message, parseTransformFailure, (id, failed) => redriveObjects(run, id, failed));
}

interface QueueSettings {
  queueUrl: string;
  /** How long a received message stays invisible. */
  visibilitySeconds: number;
  waitSeconds: number;
}

/**
 * A DLQ as one run works through it: one message at a time (each stays invisible only while it
 * is worked on), each at most once. The messages it keeps are made visible again by `release`.
 */
function runQueue(sqs: SQSClient, { queueUrl, visibilitySeconds, waitSeconds }: QueueSettings) {
  /** Messages left in the queue (id -> latest receipt handle). */
  const kept = new Map<string, string>();
  const handled = new Set<string>();
  return {
    /** The next message this run has not handled yet; undefined once the queue has none. */
    async next(): Promise<Message | undefined> {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 1,
            VisibilityTimeout: visibilitySeconds,
            WaitTimeSeconds: waitSeconds,
            // Kept with the message if it is exported.
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const message = Messages[0];
        if (message === undefined) return undefined;
        const messageId = message.MessageId!;
        if (!handled.has(messageId)) {
          handled.add(messageId);
          return message;
        }
        // Left in the queue earlier in this run and visible again (a long run): hidden once more, not retried.
        kept.set(messageId, message.ReceiptHandle!);
      }
    },
    async delete(message: Message): Promise<void> {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    },
    keep(message: Message): void {
      kept.set(message.MessageId!, message.ReceiptHandle!);
    },
    async release(): Promise<void> {
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
    },
  };
}

/** Appends the message to the export file: the queue's copy is deleted only once this is written. */
async function exportMessage(
  file: string,
  entry: Omit<ExportedMessage, 'exportedAt' | 'body' | 'attributes' | 'messageAttributes'>,
  message: Message,
): Promise<void> {
  const line: ExportedMessage = {
    ...entry,
    exportedAt: new Date().toISOString(),
    body: message.Body,
    attributes: message.Attributes,
    messageAttributes: message.MessageAttributes,
  };
  await appendFile(file, `${JSON.stringify(line)}\n`);
}

export async function redrive(options: RedriveOptions): Promise<RedriveSummary> {
  const { target, queue, dryRun = false, exportFile } = options;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const maxMessages = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const queueUrl = target.dlq[queue];
  if (queueUrl === '') throw new Error(`${target.description} has no ${queue} DLQ`);
  const discard = options.discard === undefined ? undefined : new Set(options.discard);
  if (discard !== undefined && exportFile === undefined)
    throw new Error('discarding messages needs an export file to save them to');
  if (dryRun && exportFile !== undefined) throw new Error('a dry run exports and discards nothing');
  const run: RedriveRun = {
    target,
    functions: options.functions ?? pipelineFunctions(target, options.logLevel),
    dryRun,
    attempts,
  };
  const dlq = runQueue(target.clients.sqs, {
    queueUrl,
    // Long enough for every attempt of one message: it must not reappear while being worked on.
    visibilitySeconds: Math.min(
      43_200,
      Math.ceil(attempts * (target.functions[queue].timeoutSeconds + 5) + 30),
    ),
    waitSeconds: target.receiveWaitSeconds,
  });
  const summary: RedriveSummary = {
    queue,
    queueUrl,
    dryRun,
    received: 0,
    redriven: 0,
    failed: 0,
    items: 0,
    exported: 0,
    notFound: [],
    messages: [],
  };
  /** Saves the message to the export file, then deletes it from the queue. */
  const takeOut = async (message: Message, report: MessageReport): Promise<MessageReport> => {
    const reason = report.reason ?? 'discarded';
    await exportMessage(
      exportFile!,
      { messageId: report.messageId, queue, queueUrl, subject: report.subject, reason },
      message,
    );
    await dlq.delete(message);
    summary.exported++;
    return { ...report, status: 'exported', reason };
  };
  try {
    while (summary.received < maxMessages && (discard === undefined || discard.size > 0)) {
      const message = await dlq.next();
      if (message === undefined) break;
      const messageId = message.MessageId!;
      if (discard !== undefined && !discard.delete(messageId)) {
        dlq.keep(message);
        continue;
      }
      summary.received++;
      let report =
        discard === undefined
          ? await redriveMessage(run, queue, message)
          : {
              messageId,
              subject: subjectOf(queue, message),
              status: 'failed' as const,
              items: 0,
              reason: 'discarded by id',
            };
      if (report.status === 'redriven') {
        await dlq.delete(message);
        summary.redriven++;
        summary.items += report.items;
      } else if (report.status === 'failed' && exportFile !== undefined) {
        report = await takeOut(message, report);
      } else {
        dlq.keep(message);
        if (report.status === 'failed') summary.failed++;
        summary.items += report.items;
      }
      summary.messages.push(report);
      options.onMessage?.(report, summary.received);
    }
  } finally {
    await dlq.release();
  }
  summary.notFound = [...(discard ?? [])];
  return summary;
}
