import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LEDGER_TABLE_FRAGMENT, ledgerTableInput } from '../../src/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/table.yml', import.meta.url));

describe('ledgerTableInput', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-table-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the repository's resources/table.yml by default", () => {
    expect(LEDGER_TABLE_FRAGMENT).toBe(
      fileURLToPath(new URL('../../../../resources/table.yml', import.meta.url)),
    );
    expect(ledgerTableInput('t').KeySchema).toEqual([
      { AttributeName: 'batch_id', KeyType: 'HASH' },
      { AttributeName: 'processed_at', KeyType: 'RANGE' },
    ]);
  });

  it('takes the keys and indexes from the fragment it is given, on demand, under the name asked', () => {
    expect(ledgerTableInput('orders-local', FIXTURE)).toEqual({
      TableName: 'orders-local',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'order_id', AttributeType: 'S' },
        { AttributeName: 'line', AttributeType: 'N' },
        { AttributeName: 'customer', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'order_id', KeyType: 'HASH' },
        { AttributeName: 'line', KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByCustomer',
          KeySchema: [
            { AttributeName: 'order_id', KeyType: 'HASH' },
            { AttributeName: 'customer', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it.each([
    [
      'no table',
      'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n',
      /expected one AWS::DynamoDB::Table, found 0/,
    ],
    [
      'two tables',
      'Resources:\n  A:\n    Type: AWS::DynamoDB::Table\n  B:\n    Type: AWS::DynamoDB::Table\n',
      /expected one AWS::DynamoDB::Table, found 2/,
    ],
    ['a table without keys', 'Resources:\n  A:\n    Type: AWS::DynamoDB::Table\n', /A has no KeySchema/],
  ])('refuses a fragment with %s, naming the file', async (name, text, message) => {
    const file = join(dir, `${name.replace(/ /g, '-')}.yml`);
    await writeFile(file, text);
    expect(() => ledgerTableInput('t', file)).toThrow(message);
    expect(() => ledgerTableInput('t', file)).toThrow(file);
  });
});
