import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { createLedgerWriter, LEDGER_TTL_DAYS, LedgerWriteError, ledgerExpiry } from '../../src/index.js';

describe('ledgerExpiry', () => {
  it('is the write time plus 30 days, in whole epoch seconds', () => {
    expect(LEDGER_TTL_DAYS).toBe(30);
    expect(ledgerExpiry(new Date('2024-01-15T10:01:00.999Z'))).toBe(
      Date.parse('2024-02-14T10:01:00Z') / 1000,
    );
  });
});

describe('createLedgerWriter', () => {
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
  );
  const mock = mockClient(dynamodb);
  const item = {
    batch_id: 'shardId-000000000000_1_2',
    processed_at: '2024-01-15T10:01:00.000Z',
    stage: 'ingest',
    duration_ms: 12,
    ttl: 1707904860,
    objects: ['raw/a.json'],
  };
  beforeEach(() => {
    mock.reset();
  });

  it('puts the item, as it is, into the table', async () => {
    mock.on(PutCommand).resolves({});
    await createLedgerWriter(dynamodb, 'event-pipeline-dev-metadata').put(item);
    expect(mock.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'event-pipeline-dev-metadata', Item: item },
    ]);
  });

  it('throws a LedgerWriteError naming the item, the table and the cause', async () => {
    const cause = new Error('ProvisionedThroughputExceededException');
    mock.on(PutCommand).rejects(cause);
    const failure = createLedgerWriter(dynamodb, 'event-pipeline-dev-metadata').put(item);
    await expect(failure).rejects.toThrow(LedgerWriteError);
    await expect(failure).rejects.toMatchObject({
      message:
        'could not write ledger item shardId-000000000000_1_2 to table event-pipeline-dev-metadata: ProvisionedThroughputExceededException',
      cause,
    });
  });
});
