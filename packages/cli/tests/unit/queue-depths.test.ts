import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { watchQueueDepths } from '../../src/queue-depths.js';

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: 'us-east-1' });

beforeEach(() => {
  sqsMock.reset();
});

describe('watchQueueDepths', () => {
  it('adds up the messages every queue holds, visible or being worked on', async () => {
    sqsMock
      .on(GetQueueAttributesCommand, { QueueUrl: 'http://q/ingest' })
      .resolves({
        Attributes: { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '1' },
      })
      .on(GetQueueAttributesCommand, { QueueUrl: 'http://q/transform' })
      .resolves({
        Attributes: { ApproximateNumberOfMessages: '4', ApproximateNumberOfMessagesNotVisible: '0' },
      });
    const depths = watchQueueDepths(sqs, ['http://q/ingest', 'http://q/transform'], 60_000);
    try {
      expect(await depths.refresh()).toBe(7);
      expect(depths.latest()).toBe(7);
      expect(sqsMock.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input.AttributeNames).toEqual([
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ]);
    } finally {
      depths.stop();
    }
  });

  it('keeps the last total when a poll fails, and has none before the first answer', async () => {
    sqsMock.on(GetQueueAttributesCommand).rejects(new Error('connect ECONNREFUSED'));
    const depths = watchQueueDepths(sqs, ['http://q/ingest'], 60_000);
    try {
      await expect(depths.refresh()).rejects.toThrow('ECONNREFUSED');
      expect(depths.latest()).toBeUndefined();
    } finally {
      depths.stop();
    }
  });
});
