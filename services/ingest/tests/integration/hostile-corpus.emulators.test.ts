/** The hostile input corpus through the ingest handler with real SDK clients, against s3rver and dynalite. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHandler } from '../../src/handler.js';
import { captureEmf, type EmfCapture } from '../helpers/emf.js';
import {
  kinesisEvent,
  lambdaContext,
  quietObservability,
  SHARD_ID,
  sequenceNumber,
  testConfig,
} from '../helpers/factories.js';
import { hostileCorpus, hostileRecord } from '../helpers/hostile-records.js';
import { linesBySequence, type QuarantineLine, type RawLine } from '../helpers/json-lines.js';
import { createLedgerTable, createRawBucket, readBucket } from '../helpers/lake-resources.js';

const BUCKET = 'event-pipeline-hostile-raw';
const TABLE = 'event-pipeline-hostile-metadata';

describe('the hostile input corpus against s3rver and dynalite', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let dynamodb: DynamoDBDocumentClient;
  let emf: EmfCapture;

  beforeAll(async () => {
    emf = captureEmf();
    emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
    s3 = new S3Client(emulators.clientConfig('s3'));
    const raw = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    dynamodb = DynamoDBDocumentClient.from(raw);
    await createRawBucket(s3, BUCKET);
    await createLedgerTable(raw, TABLE);
  });
  afterAll(async () => {
    s3.destroy();
    dynamodb.destroy();
    await emulators.stop();
    emf.restore();
  });

  it('stores every record, raw or quarantined with its code and its exact bytes, readable back', async () => {
    const handler = createHandler({
      config: testConfig({ rawBucket: BUCKET, ledgerTable: TABLE }),
      s3,
      dynamodb,
      observability: quietObservability(),
    });

    const response = await handler(kinesisEvent(hostileCorpus.map(hostileRecord)), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    const lines = linesBySequence<RawLine | QuarantineLine>(await readBucket(s3, BUCKET));
    expect(lines.size).toBe(hostileCorpus.length);
    hostileCorpus.forEach((entry, index) => {
      const { key, line } = lines.get(sequenceNumber(index))!;
      if (entry.expected_code === 'valid') {
        expect(key.startsWith('raw/event_type=')).toBe(true);
        return;
      }
      expect(key.startsWith(`quarantine/reason=${entry.expected_code}/`)).toBe(true);
      const { payload } = line as QuarantineLine;
      expect(Buffer.from(payload, 'base64').equals(hostileRecord(entry, index).bytes)).toBe(true);
    });
    const ledger = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'ShardIndex',
        KeyConditionExpression: 'shard_id = :shard',
        ExpressionAttributeValues: { ':shard': SHARD_ID },
      }),
    );
    expect(ledger.Items).toEqual([expect.objectContaining({ total_records: hostileCorpus.length })]);
  });
});
