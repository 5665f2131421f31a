/** The Lambda entry point: configuration checked and clients built once, at cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientSettings, createObservability } from '@event-pipeline/runtime';
import { loadTransformConfig } from './config.js';
import { createHandler } from './handler.js';

const config = loadTransformConfig();
const observability = createObservability(process.env.POWERTOOLS_SERVICE_NAME ?? 'transform');
const s3 = observability.tracer.captureAWSv3Client(new S3Client(clientSettings('S3')));
const ddb = DynamoDBDocumentClient.from(
  observability.tracer.captureAWSv3Client(new DynamoDBClient(clientSettings('DYNAMODB'))),
);

export const handler = createHandler({ s3, ddb, config, observability });
