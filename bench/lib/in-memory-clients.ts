/** The two clients the functions use, answered in memory (see in-memory-aws.ts), as each function builds them. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Observability, traced, unsignedS3Payloads } from '@event-pipeline/runtime';
import { type Answerer, type InMemoryHandler, inMemoryHandler } from './in-memory-aws.js';
import { REGION } from './workloads.js';

export interface InMemoryClients {
  s3: S3Client;
  dynamodb: DynamoDBDocumentClient;
  /** Counts the calls both clients made. */
  handler: InMemoryHandler;
}

/** Set up as the Lambda entries (index.ts) set theirs up: unsigned S3 payloads, traced where tracing is on. */
export function inMemoryClients(answer: Answerer, observability: Observability): InMemoryClients {
  const handler = inMemoryHandler(answer);
  const settings = {
    region: REGION,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    requestHandler: handler,
  };
  return {
    s3: traced(observability, unsignedS3Payloads(new S3Client(settings))),
    dynamodb: DynamoDBDocumentClient.from(traced(observability, new DynamoDBClient(settings))),
    handler,
  };
}
