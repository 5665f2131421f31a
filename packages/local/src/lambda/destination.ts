/** An on-failure destination: an SQS queue receiving the invocation record as its message body. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface Destination {
  send(record: object): Promise<void>;
}

export function sqsDestination(sqs: SQSClient, queueUrl: string): Destination {
  return {
    async send(record) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
    },
  };
}
