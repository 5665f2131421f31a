/**
 * The ledger table that both services write one item to per unit of work (docs/architecture.md
 * §4, §5): what every item holds, how long it is kept, and the writer.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Ledger items expire this many days after they are written. */
export const LEDGER_TTL_DAYS = 30;

/** The `ttl` attribute (epoch seconds) of a ledger item written at `writtenAt`: when DynamoDB may delete it. */
export function ledgerExpiry(writtenAt: Date): number {
  return Math.floor(writtenAt.getTime() / 1000) + LEDGER_TTL_DAYS * 24 * 60 * 60;
}

/** What every ledger item holds, whichever stage wrote it. */
export interface LedgerItem {
  /** Deterministic: the same unit of work processed again has the same id. */
  batch_id: string;
  processed_at: string;
  stage: string;
  duration_ms: number;
  /** Epoch seconds (ledgerExpiry). */
  ttl: number;
}

export class LedgerWriteError extends Error {
  override name = 'LedgerWriteError';
}

export interface LedgerWriter<Item extends LedgerItem> {
  /** Puts the item; throws a LedgerWriteError naming it and the table. */
  put(item: Item): Promise<void>;
}

export function createLedgerWriter<Item extends LedgerItem>(
  dynamodb: DynamoDBDocumentClient,
  table: string,
): LedgerWriter<Item> {
  return {
    async put(item) {
      try {
        await dynamodb.send(new PutCommand({ TableName: table, Item: item }));
      } catch (error) {
        throw new LedgerWriteError(
          `could not write ledger item ${item.batch_id} to table ${table}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
  };
}
