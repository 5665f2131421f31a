/** The ingest handler with real AWS SDK clients against in-process s3rver and dynalite. */

import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import { type IngestQuarantineLine, type RawLine, sampleBatch } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { useEmulatedLake } from '../helpers/emulated-lake.js';
import { defaultArrival, kinesisEvent, lambdaContext } from '../helpers/factories.js';
import { linesBySequence } from '../helpers/json-lines.js';
import { readBucket } from '../helpers/lake-resources.js';

const BUCKET = 'event-pipeline-it-raw';
const TABLE = 'event-pipeline-it-metadata';

describe('ingest handler against s3rver and dynalite', () => {
  const lake = useEmulatedLake({ bucket: BUCKET, table: TABLE });

  const samples = sampleBatch(100, { seed: 99, invalidFraction: 0.1 });
  const event = kinesisEvent(samples);

  it('writes every record to raw/ or quarantine/, readable back, and one ledger item', async () => {
    const response = await lake.handler()(event, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    const objects = await readBucket(lake.s3, BUCKET);
    const lines = linesBySequence<RawLine | IngestQuarantineLine>(objects);
    expect(lines.size).toBe(samples.length);
    samples.forEach((sample, index) => {
      const { key, line } = lines.get(sequenceNumber(index))!;
      if (sample.valid) {
        expect(
          key.startsWith(`raw/event_type=${sample.event.event_type}/year=2024/month=01/day=15/hour=10/`),
        ).toBe(true);
        expect(line).toEqual({
          ...sample.event,
          kinesis_metadata: {
            shard_id: SHARD_ID,
            sequence_number: sequenceNumber(index),
            partition_key: sample.partitionKey,
            approximate_arrival_timestamp: defaultArrival(index).getTime() / 1000,
          },
        });
      } else {
        expect(key.startsWith(`quarantine/reason=${sample.code}/`)).toBe(true);
        const quarantined = line as IngestQuarantineLine;
        expect(quarantined.error.code).toBe(sample.code);
        expect(Buffer.from(quarantined.payload, 'base64').equals(sample.bytes)).toBe(true);
      }
    });
    const head = await lake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: objects[0]!.key }));
    expect(head.ContentType).toBe('application/x-ndjson');

    const ledger = await lake.queryShard();
    expect(ledger.Items).toHaveLength(1);
    const invalid = samples.filter((s) => !s.valid).length;
    expect(ledger.Items![0]).toMatchObject({
      batch_id: `${SHARD_ID}_${sequenceNumber(0)}_${sequenceNumber(99)}`,
      stage: 'ingest',
      shard_id: SHARD_ID,
      total_records: 100,
      success_records: 100 - invalid,
      failed_records: invalid,
      first_sequence_number: sequenceNumber(0),
      last_sequence_number: sequenceNumber(99),
    });
    expect([...(ledger.Items![0]!.objects as string[])].sort()).toEqual(objects.map((o) => o.key));
  });

  it('overwrites the same objects when the batch is processed again (a retry adds no copies)', async () => {
    const before = await readBucket(lake.s3, BUCKET);

    await lake.handler()(event, lambdaContext());

    expect(await readBucket(lake.s3, BUCKET)).toEqual(before);
    const items = await lake.dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'batch_id = :id',
        ExpressionAttributeValues: { ':id': `${SHARD_ID}_${sequenceNumber(0)}_${sequenceNumber(99)}` },
      }),
    );
    // One ledger item per attempt, under the same batch id.
    expect(items.Items).toHaveLength(2);
  });

  it('reports the first record when the bucket cannot be written, and records the attempt', async () => {
    const failing = kinesisEvent(sampleBatch(5, { seed: 1 }), {
      firstSequence: 49700000000000000000000000000000000000000000000000000000n,
    });

    const response = await lake.handler('no-such-bucket')(failing, lambdaContext());

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: failing.Records[0]!.kinesis.sequenceNumber }],
    });
    const items = await lake.dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'ShardIndex',
        KeyConditionExpression: 'shard_id = :shard',
        FilterExpression: 'first_sequence_number = :first',
        ExpressionAttributeValues: {
          ':shard': SHARD_ID,
          ':first': failing.Records[0]!.kinesis.sequenceNumber,
        },
      }),
    );
    expect(items.Items).toEqual([
      expect.objectContaining({
        objects: [],
        success_records: 0,
        retry_from_sequence_number: failing.Records[0]!.kinesis.sequenceNumber,
      }),
    ]);
  });
});
