/**
 * The cold-start reference: nothing but the two clients the functions need, one call each,
 * built with the same settings (and the same `clientSettings`, so it reaches the same local
 * endpoints). What the real handlers take beyond this is what they add to a cold start.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientSettings } from '../../packages/runtime/src/aws-clients.js';

const s3 = new S3Client(clientSettings('S3'));
const dynamodb = new DynamoDBClient(clientSettings('DYNAMODB'));

export async function handler(): Promise<{ ok: true }> {
  await s3.send(
    new PutObjectCommand({ Bucket: 'reference-bucket', Key: 'reference/object.json', Body: '{}\n' }),
  );
  await dynamodb.send(
    new PutItemCommand({ TableName: 'reference-table', Item: { batch_id: { S: 'reference' } } }),
  );
  return { ok: true };
}
