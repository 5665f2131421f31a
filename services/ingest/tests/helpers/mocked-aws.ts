/**
 * The ingest handler on mocked AWS clients (aws-sdk-client-mock): every S3Client and
 * DynamoDBDocumentClient of the test file answered by the mocks, and what the handler wrote
 * read back from their calls.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { quietObservability } from '@event-pipeline/runtime/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { IngestConfig } from '../../src/config.js';
import { createHandler, type IngestHandler } from '../../src/handler.js';
import { testConfig } from './factories.js';
import type { WrittenObject } from './json-lines.js';

/** When the mocked handler processes a batch, unless a test says otherwise. */
export const PROCESSED_AT = new Date('2024-01-15T10:01:00.000Z');

/** Mocks S3Client and DynamoDBDocumentClient; call once per test file, at its top level. */
export function mockAws() {
  const s3Mock = mockClient(S3Client);
  const ddbMock = mockClient(DynamoDBDocumentClient);
  return {
    s3Mock,
    ddbMock,
    /** Forgets every call and behaviour, then answers every PutObject and ledger Put with success. */
    reset(): void {
      s3Mock.reset();
      ddbMock.reset();
      s3Mock.on(PutObjectCommand).resolves({});
      ddbMock.on(PutCommand).resolves({});
    },
    /** The objects put to S3, in the order of the calls. */
    writtenObjects(): WrittenObject[] {
      return s3Mock.commandCalls(PutObjectCommand).map(({ args }) => ({
        key: args[0].input.Key!,
        body: Buffer.from(args[0].input.Body as Uint8Array).toString('utf8'),
      }));
    },
    /** The ledger items put to DynamoDB, in the order of the calls. */
    ledgerItems(): Record<string, unknown>[] {
      return ddbMock
        .commandCalls(PutCommand)
        .map(({ args }) => args[0].input.Item as Record<string, unknown>);
    },
  };
}

export interface MockedHandlerOptions {
  /** Over the test config. */
  config?: Partial<IngestConfig>;
  /** The handler's clock; PROCESSED_AT by default. */
  now?: () => Date;
}

/** The handler, quiet, on new clients (which the mocks answer). */
export function mockedHandler(options: MockedHandlerOptions = {}): IngestHandler {
  const config = testConfig(options.config);
  return createHandler({
    config,
    s3: new S3Client({ region: 'us-east-1' }),
    dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    observability: quietObservability(config.serviceName),
    now: options.now ?? (() => PROCESSED_AT),
  });
}
