/**
 * The Lambda entry (serverless.yml `handler: src/lambda.handler`): configuration read and
 * checked once at cold start (a bad setting fails the init with a message naming it), clients
 * built once and reused by every invocation.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  clientSettings,
  createTracedObservability,
  traced,
  unsignedS3Payloads,
} from '@event-pipeline/runtime';
import { loadCompactConfig } from './config.js';
import { createHandler } from './handler.js';

const config = loadCompactConfig(process.env);
// In Lambda (tracing Active) this loads the Powertools Tracer; elsewhere it stays unloaded.
const observability = await createTracedObservability(config.serviceName);

export const handler = createHandler({
  config,
  observability,
  s3: traced(observability, unsignedS3Payloads(new S3Client(clientSettings('S3')))),
  dynamodb: DynamoDBDocumentClient.from(
    traced(observability, new DynamoDBClient(clientSettings('DYNAMODB'))),
  ),
});
