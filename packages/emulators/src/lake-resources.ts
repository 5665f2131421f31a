/**
 * The lake's buckets and the ledger table, created on the emulators: what a test of a handler
 * needs before it can write anything.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ledgerTableInput } from './ledger-table.js';
import type { Emulators } from './start-emulators.js';

export interface LakeResourceNames {
  /** Buckets to create (raw, processed, or both). */
  buckets?: readonly string[];
  /** A ledger table to create, with the key schema of resources/table.yml. */
  table?: string;
}

/**
 * Creates the buckets and the ledger table on the emulators (which must serve S3 for buckets,
 * DynamoDB for a table). The clients it uses are left to the emulators' `stop`: they share
 * its request handler, which destroying them would close under the caller's own clients.
 */
export async function createLakeResources(
  emulators: Pick<Emulators, 'clientConfig'>,
  names: LakeResourceNames,
): Promise<void> {
  const { buckets = [], table } = names;
  if (buckets.length > 0) {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  if (table !== undefined) {
    const dynamodb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    await dynamodb.send(new CreateTableCommand(ledgerTableInput(table)));
  }
}
