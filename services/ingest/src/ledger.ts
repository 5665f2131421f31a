/** Adapter: one item per processed batch in the DynamoDB ledger table. */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IngestLedgerItem } from './ledger-item.js';

export interface Ledger {
  put(item: IngestLedgerItem): Promise<void>;
}

export function createLedger(dynamodb: DynamoDBDocumentClient, table: string): Ledger {
  return {
    async put(item) {
      await dynamodb.send(new PutCommand({ TableName: table, Item: item }));
    },
  };
}
