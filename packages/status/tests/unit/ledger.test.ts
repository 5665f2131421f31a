import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { pendingPartitions, shardBatches } from '../../src/readers/ledger.js';

const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => {
  ddb.reset();
});
const client = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ledger = { table: 'ledger', shardIndex: 'ShardIndex' };
const since = new Date('2026-01-15T09:30:00.000Z');

describe('shardBatches', () => {
  it("reads the hour's batches of the shard, newest first, every page", async () => {
    ddb
      .on(QueryCommand, { ExclusiveStartKey: undefined })
      .resolves({
        Items: [{ batch_id: 'b2', processed_at: '2026-01-15T10:00:00.000Z', last_sequence_number: '20' }],
        LastEvaluatedKey: { batch_id: 'b2' },
      })
      .on(QueryCommand, { ExclusiveStartKey: { batch_id: 'b2' } })
      .resolves({
        Items: [
          {
            batch_id: 'b1',
            processed_at: '2026-01-15T09:40:00.000Z',
            total_records: 5,
            failed_records: 2,
            last_sequence_number: '10',
            retry_from_sequence_number: '8',
          },
        ],
      });
    await expect(shardBatches(client(), ledger, 'shardId-000000000000', since)).resolves.toEqual([
      {
        batchId: 'b2',
        processedAt: '2026-01-15T10:00:00.000Z',
        totalRecords: 0,
        failedRecords: 0,
        lastSequenceNumber: '20',
      },
      {
        batchId: 'b1',
        processedAt: '2026-01-15T09:40:00.000Z',
        totalRecords: 5,
        failedRecords: 2,
        lastSequenceNumber: '10',
        retryFromSequenceNumber: '8',
      },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'ledger',
      IndexName: 'ShardIndex',
      ScanIndexForward: false,
      KeyConditionExpression: '#shard = :shard AND #at >= :since',
      ExpressionAttributeValues: { ':shard': 'shardId-000000000000', ':since': '2026-01-15T09:30:00.000Z' },
    });
  });

  it('falls back to the newest batch of any time when the hour had none', async () => {
    ddb
      .on(QueryCommand, { KeyConditionExpression: '#shard = :shard AND #at >= :since' })
      .resolves({ Items: [] })
      .on(QueryCommand, { KeyConditionExpression: '#shard = :shard', Limit: 1 })
      .resolves({
        Items: [{ batch_id: 'old', processed_at: '2026-01-14T08:00:00.000Z', last_sequence_number: '3' }],
      });
    await expect(shardBatches(client(), ledger, 'shardId-000000000000', since)).resolves.toEqual([
      {
        batchId: 'old',
        processedAt: '2026-01-14T08:00:00.000Z',
        totalRecords: 0,
        failedRecords: 0,
        lastSequenceNumber: '3',
      },
    ]);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input).toMatchObject({
      ScanIndexForward: false,
      Limit: 1,
    });
  });
});

describe('pendingPartitions', () => {
  it('counts the pending partitions over every page, the first of the quietest-first order as the oldest', async () => {
    ddb
      .on(QueryCommand, { ExclusiveStartKey: undefined })
      .resolves({
        Items: [
          {
            batch_id: 'partition#event_type=metric/year=2026/month=01/day=15/hour=08',
            last_processed_at: '2026-01-15T09:00:00.000Z',
          },
          {
            batch_id: 'partition#event_type=metric/year=2026/month=01/day=15/hour=09',
            last_processed_at: '2026-01-15T09:59:00.000Z',
          },
        ],
        LastEvaluatedKey: { batch_id: 'x' },
      })
      .on(QueryCommand, { ExclusiveStartKey: { batch_id: 'x' } })
      .resolves({
        Items: [
          {
            batch_id: 'partition#event_type=user_action/year=2026/month=01/day=15/hour=10',
            last_processed_at: '2026-01-15T10:20:00.000Z',
          },
        ],
      });
    await expect(
      pendingPartitions(client(), 'ledger', new Date('2026-01-15T10:30:00.000Z')),
    ).resolves.toEqual({
      count: 3,
      oldest: {
        partition: 'event_type=metric/year=2026/month=01/day=15/hour=08',
        lastProcessedAt: '2026-01-15T09:00:00.000Z',
        ageMs: 5_400_000,
      },
    });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'PendingPartitionIndex',
      KeyConditionExpression: '#queue = :pending',
      ExpressionAttributeValues: { ':pending': 'pending' },
      ScanIndexForward: true,
    });
  });

  it('has no oldest when nothing is pending', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await expect(pendingPartitions(client(), 'ledger', new Date())).resolves.toEqual({ count: 0 });
  });
});
