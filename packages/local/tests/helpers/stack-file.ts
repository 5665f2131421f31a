/** A stack file as `npm start` writes it for the dev stage (its names are the dev stage's own); shared as `@event-pipeline/local/testing`. */
import type { StackFile } from '../../src/stack/stack-file.js';

export function devStack(overrides: Partial<StackFile> = {}): StackFile {
  return {
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoints: {
      kinesis: 'http://127.0.0.1:4001',
      s3: 'http://127.0.0.1:4002',
      dynamodb: 'http://127.0.0.1:4003',
      sqs: 'http://127.0.0.1:4004',
    },
    stream: 'event-pipeline-dev-stream',
    rawBucket: 'event-pipeline-dev-raw-000000000000-us-east-1',
    processedBucket: 'event-pipeline-dev-processed-000000000000-us-east-1',
    table: 'event-pipeline-dev-metadata',
    dlq: { ingest: 'http://127.0.0.1:4004/q/ingest', transform: 'http://127.0.0.1:4004/q/transform' },
    stage: 'dev',
    ...overrides,
  };
}
