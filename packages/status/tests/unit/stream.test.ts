import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { listShards, oldestUnrecorded } from '../../src/readers/stream.js';

const kinesis = mockClient(KinesisClient);
afterEach(() => {
  kinesis.reset();
});
const client = () => new KinesisClient({ region: 'us-east-1' });
const SHARD = 'shardId-000000000001';
const arrivedAt = new Date('2026-01-15T10:29:30.000Z');
const iteratorTypes = () =>
  kinesis.commandCalls(GetShardIteratorCommand).map((call) => call.args[0].input.ShardIteratorType);

describe('listShards', () => {
  it('lists every page, a closed shard told by its ending sequence number', async () => {
    kinesis
      .on(ListShardsCommand, { StreamName: 'stream' })
      .resolves({
        Shards: [
          {
            ShardId: 'shardId-000000000000',
            HashKeyRange: undefined,
            SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '9' },
          },
        ],
        NextToken: 'more',
      })
      .on(ListShardsCommand, { NextToken: 'more' })
      .resolves({
        Shards: [
          { ShardId: SHARD, HashKeyRange: undefined, SequenceNumberRange: { StartingSequenceNumber: '10' } },
        ],
      });
    await expect(listShards(client(), 'stream')).resolves.toEqual([
      { shardId: 'shardId-000000000000', closed: true },
      { shardId: SHARD, closed: false },
    ]);
  });
});

describe('oldestUnrecorded', () => {
  it('reads the one record after the ledger position', async () => {
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis.on(GetRecordsCommand).resolves({
      Records: [
        {
          SequenceNumber: '43',
          ApproximateArrivalTimestamp: arrivedAt,
          Data: new Uint8Array(),
          PartitionKey: 'k',
        },
      ],
      MillisBehindLatest: 5_000,
    });
    await expect(
      oldestUnrecorded(client(), 'stream', SHARD, { afterSequenceNumber: '42' }, 0),
    ).resolves.toEqual({ sequenceNumber: '43', arrivedAt });
    expect(kinesis.commandCalls(GetShardIteratorCommand)[0]!.args[0].input).toEqual({
      StreamName: 'stream',
      ShardId: SHARD,
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: '42',
    });
    expect(kinesis.commandCalls(GetRecordsCommand)[0]!.args[0].input).toEqual({
      ShardIterator: 'it-1',
      Limit: 1,
    });
  });

  it('finds nothing at the tip', async () => {
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis.on(GetRecordsCommand).resolves({ Records: [], MillisBehindLatest: 0, NextShardIterator: 'it-2' });
    await expect(
      oldestUnrecorded(client(), 'stream', SHARD, { atSequenceNumber: '42' }, 0),
    ).resolves.toBeUndefined();
    expect(iteratorTypes()).toEqual(['AT_SEQUENCE_NUMBER']);
    expect(kinesis.commandCalls(GetRecordsCommand)).toHaveLength(1);
  });

  it('reads a shard with no ledger batch from its trim horizon', async () => {
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis.on(GetRecordsCommand).resolves({
      Records: [
        {
          SequenceNumber: '1',
          ApproximateArrivalTimestamp: arrivedAt,
          Data: new Uint8Array(),
          PartitionKey: 'k',
        },
      ],
    });
    await expect(oldestUnrecorded(client(), 'stream', SHARD, 'trim-horizon', 0)).resolves.toEqual({
      sequenceNumber: '1',
      arrivedAt,
    });
    expect(iteratorTypes()).toEqual(['TRIM_HORIZON']);
  });

  it('falls back to the trim horizon when the shard does not know the ledger position any more', async () => {
    kinesis
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' })
      .rejects(new InvalidArgumentException({ message: 'did not come from this stream', $metadata: {} }))
      .on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' })
      .resolves({ ShardIterator: 'it-th' });
    kinesis.on(GetRecordsCommand).resolves({ Records: [], MillisBehindLatest: 0 });
    await expect(
      oldestUnrecorded(client(), 'stream', SHARD, { afterSequenceNumber: '42' }, 0),
    ).resolves.toBeUndefined();
    expect(iteratorTypes()).toEqual(['AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON']);
  });

  it('follows empty pages while Kinesis says records lie ahead, and then reports how far', async () => {
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-0' });
    kinesis.on(GetRecordsCommand).callsFake(({ ShardIterator }: { ShardIterator: string }) => ({
      Records: [],
      MillisBehindLatest: 120_000,
      NextShardIterator: `${ShardIterator}+`,
    }));
    await expect(
      oldestUnrecorded(client(), 'stream', SHARD, { afterSequenceNumber: '42' }, 0),
    ).resolves.toEqual({ millisBehindLatest: 120_000 });
    expect(kinesis.commandCalls(GetRecordsCommand).map((call) => call.args[0].input.ShardIterator)).toEqual([
      'it-0',
      'it-0+',
      'it-0++',
      'it-0+++',
      'it-0++++',
    ]);
  });
});
