import { describe, expect, it } from '@jest/globals';
import { kinesisEventProblems } from '../../src/middleware/kinesis-envelope.js';
import { kinesisEvent, validSamples } from '../helpers/factories.js';

const batch = () => kinesisEvent(validSamples(3));

describe('kinesisEventProblems', () => {
  it('accepts a Kinesis batch, and an empty one', () => {
    expect(kinesisEventProblems(batch())).toEqual([]);
    expect(kinesisEventProblems({ Records: [] })).toEqual([]);
  });

  it('refuses something that is not a batch at all', () => {
    for (const event of [null, 'x', [], {}, { Records: {} }]) {
      expect(kinesisEventProblems(event)).toEqual(['the event must be an object with a Records array']);
    }
  });

  it('names each malformed field of each record', () => {
    const event = batch();
    const [first, second, third] = event.Records as unknown as Array<Record<string, Record<string, unknown>>>;
    first!.kinesis!.data = 'not base64!';
    second!.kinesis!.approximateArrivalTimestamp = '1705312800';
    second!.kinesis!.partitionKey = undefined;
    (third as Record<string, unknown>).eventID = 'no-colon';
    expect(kinesisEventProblems(event)).toEqual([
      'Records[0].kinesis.data must be a base64 string',
      'Records[1].kinesis.partitionKey must be a string',
      'Records[1].kinesis.approximateArrivalTimestamp must be epoch seconds',
      'Records[2].eventID must be "<shard id>:<sequence number>"',
    ]);
    expect(kinesisEventProblems({ Records: [42, { eventID: 's:1' }] })).toEqual([
      'Records[0] must be an object',
      'Records[1].kinesis must be an object',
    ]);
  });

  it('refuses an arrival time a Date cannot hold, as it refuses one that is not a number', () => {
    // 8.64e12 s is the farthest a Date reaches from the epoch, either way.
    for (const [arrival, ok] of [
      [8.64e12, true],
      [-8.64e12, true],
      [8.64e12 + 1, false],
      [-8.64e12 - 1, false],
      [1e300, false],
      [Number.MAX_VALUE, false],
      [Number.NaN, false],
      [Number.POSITIVE_INFINITY, false],
    ] as const) {
      const event = batch();
      event.Records[1]!.kinesis.approximateArrivalTimestamp = arrival;
      expect(kinesisEventProblems(event)).toEqual(
        ok ? [] : ['Records[1].kinesis.approximateArrivalTimestamp must be epoch seconds'],
      );
    }
  });

  it('refuses a batch mixing shards: checkpoints are per shard', () => {
    const event = {
      Records: [
        ...batch().Records,
        ...kinesisEvent(validSamples(1), { shardId: 'shardId-000000000001' }).Records,
      ],
    };
    expect(kinesisEventProblems(event)).toEqual([
      'all records must come from one shard, got shardId-000000000000, shardId-000000000001',
    ]);
  });
});
