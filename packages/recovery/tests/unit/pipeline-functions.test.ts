import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { s3Event, sequenceNumber } from '@event-pipeline/runtime/testing';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { pipelineFunctions, withAttempts } from '../../src/pipeline-functions.js';
import { RAW_BUCKET, shardRecords, testTarget } from '../helpers/factories.js';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
// EMF metrics would go to stdout.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const functions = pipelineFunctions(testTarget(), 'SILENT');

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
});

describe('the pipeline functions, as the recovery tools run them', () => {
  it('runs the ingest handler on the records as Lambda would hand them over: durable when it reports no failure', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    const records = shardRecords(10);
    expect(await functions.ingest(records)).toEqual({ ok: true });
    const keys = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^raw\/event_type=.*_shardId-000000000000_\d+_\d+\.json$/);
    expect(s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Bucket).toBe(RAW_BUCKET);
    expect(ddbMock.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'event-pipeline-test-metadata',
      Item: { stage: 'ingest', total_records: 10, first_sequence_number: sequenceNumber(0) },
    });
  });

  it('reports a batch whose objects were not all written as not durable, naming where it would resume', async () => {
    s3Mock.on(PutObjectCommand).rejects(new Error('SlowDown'));
    const outcome = await functions.ingest(shardRecords(5));
    expect(outcome).toEqual({
      ok: false,
      reason: `the handler reported the records from ${sequenceNumber(0)} on as not durable`,
    });
  });

  it("reports the transform handler's error", async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const key = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_a_1_2.json';
    const outcome = await functions.transform(s3Event({ bucket: RAW_BUCKET, key }));
    expect(outcome).toEqual({
      ok: false,
      reason: expect.stringContaining(
        `could not read s3://${RAW_BUCKET}/${key}: The specified key does not exist.`,
      ),
    });
  });
});

describe('withAttempts', () => {
  it('tries again until an attempt succeeds, and says how often it tried when none did', async () => {
    let calls = 0;
    const eventually = await withAttempts(3, async () =>
      ++calls < 2 ? { ok: false, reason: 'no' } : { ok: true },
    );
    expect(eventually).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(await withAttempts(2, async () => ({ ok: false, reason: 'no' }))).toEqual({
      ok: false,
      reason: 'no (after 2 attempts)',
    });
  });
});
