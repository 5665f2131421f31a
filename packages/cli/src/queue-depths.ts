/**
 * How many messages some queues hold, visible or being worked on (a redrive in progress hides
 * its message without taking it out), polled in the background: what the live line of
 * `npm start` shows as DLQ, whatever put the messages there (this run, `sls invoke local`, ...).
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueueDepths {
  /** Messages in all the queues at the last poll; undefined until one has answered. */
  latest(): number | undefined;
  /** Polls now and returns the total. */
  refresh(): Promise<number>;
  stop(): void;
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Polls the queues every `intervalMs`; a poll that fails keeps the last total. */
export function watchQueueDepths(
  sqs: SQSClient,
  queueUrls: readonly string[],
  intervalMs = 1_000,
): QueueDepths {
  let latest: number | undefined;
  let polling: Promise<number> | undefined;
  const refresh = () => {
    polling ??= Promise.all(queueUrls.map((url) => queueDepth(sqs, url)))
      .then((depths) => {
        latest = depths.reduce((sum, depth) => sum + depth, 0);
        return latest;
      })
      .finally(() => {
        polling = undefined;
      });
    return polling;
  };
  const timer = setInterval(() => refresh().catch(() => undefined), intervalMs);
  timer.unref();
  refresh().catch(() => undefined);
  return { latest: () => latest, refresh, stop: () => clearInterval(timer) };
}
