/** Puts the transform's ledger item into the pipeline's DynamoDB table. */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TransformLedgerItem } from '../transform/ledger-item.js';

export class LedgerWriteError extends Error {
  override name = 'LedgerWriteError';
}

export async function putLedgerItem(
  ddb: DynamoDBDocumentClient,
  table: string,
  item: TransformLedgerItem,
): Promise<void> {
  try {
    await ddb.send(new PutCommand({ TableName: table, Item: item }));
  } catch (error) {
    throw new LedgerWriteError(
      `could not write ledger item ${item.batch_id} to table ${table}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
