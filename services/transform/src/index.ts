/** The Lambda entry point: configuration checked and clients built once, at cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  clientSettings,
  createTracedObservability,
  traced,
  unsignedS3Payloads,
} from '@event-pipeline/runtime';
import { loadTransformConfig } from './config.js';
import { createHandler } from './handler.js';

const config = loadTransformConfig();
// In Lambda (tracing Active) this loads the Powertools Tracer; elsewhere it stays unloaded.
const observability = await createTracedObservability(process.env.POWERTOOLS_SERVICE_NAME ?? 'transform');
const s3 = traced(observability, unsignedS3Payloads(new S3Client(clientSettings('S3'))));
const ddb = DynamoDBDocumentClient.from(
  traced(observability, new DynamoDBClient(clientSettings('DYNAMODB'))),
);

export const handler = createHandler({ s3, ddb, config, observability });
