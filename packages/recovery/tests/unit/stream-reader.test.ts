import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import type { ShardRecord } from '@event-pipeline/local';
import { SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  listShardIds,
  PAGE_BYTES,
  RecordsExpiredError,
  readRange,
  readShard,
  StreamReadError,
  streamShard,
} from '../../src/stream-reader.js';
import { STREAM_NAME, shardRecords } from '../helpers/factories.js';

const kinesisMock = mockClient(KinesisClient);
const kinesis = new KinesisClient({ region: 'us-east-1' });
const settings = { getRecordsIntervalMs: 0 };

const asKinesisRecords = (records: ShardRecord[]) =>
  records.map((record) => ({
    SequenceNumber: record.sequenceNumber,
    PartitionKey: record.partitionKey,
    Data: record.data,
    ApproximateArrivalTimestamp: record.approximateArrivalTimestamp,
  }));

/** readRange of this suite's stream and shard, from the `first`-th record to the `last`-th. */
const readRangeOf = (first: number, last: number) =>
  readRange(kinesis, {
    streamName: STREAM_NAME,
    shardId: SHARD_ID,
    first: sequenceNumber(first),
    last: sequenceNumber(last),
    settings,
  });

const readRangeOfAtMost = (first: number, last: number, maxRecords: number) =>
  readRange(kinesis, {
    streamName: STREAM_NAME,
    shardId: SHARD_ID,
    first: sequenceNumber(first),
    last: sequenceNumber(last),
    maxRecords,
    settings,
  });

/** GetRecords answers pages of the given records, then empty pages at the tip. */
function pages(...contents: ShardRecord[][]) {
  const responses = kinesisMock.on(GetRecordsCommand);
  contents.forEach((records, i) => {
    responses.resolvesOnce({
      Records: asKinesisRecords(records),
      NextShardIterator: `iterator-${i + 1}`,
      MillisBehindLatest: i === contents.length - 1 ? 0 : 1_000,
    });
  });
  responses.resolves({ Records: [], NextShardIterator: 'iterator-tip', MillisBehindLatest: 0 });
}

beforeEach(() => {
  kinesisMock.reset();
  kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-0' });
});

describe('readShard', () => {
  it('reads page after page to the tip (an empty page with nothing behind)', async () => {
    const records = shardRecords(7);
    pages(records.slice(0, 3), [], records.slice(3));
    const read = await readShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atTimestamp: new Date('2024-01-15T10:00:00Z') },
      settings,
    });
    expect(read.map((record) => record.sequenceNumber)).toEqual(
      records.map((record) => record.sequenceNumber),
    );
    expect(kinesisMock.commandCalls(GetShardIteratorCommand)[0]!.args[0].input).toEqual({
      StreamName: STREAM_NAME,
      ShardId: SHARD_ID,
      ShardIteratorType: 'AT_TIMESTAMP',
      Timestamp: new Date('2024-01-15T10:00:00Z'),
    });
    // An empty page while behind is not the tip: the reader went on.
    expect(
      kinesisMock.commandCalls(GetRecordsCommand).map((call) => call.args[0].input.ShardIterator),
    ).toEqual(['iterator-0', 'iterator-1', 'iterator-2', 'iterator-3']);
  });

  it('stops before the first record it is told to stop at', async () => {
    const records = shardRecords(6);
    pages(records);
    const read = await readShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atSequenceNumber: records[0]!.sequenceNumber },
      stopBefore: (sequence) => sequence >= BigInt(records[4]!.sequenceNumber),
      settings,
    });
    expect(read).toHaveLength(4);
  });

  it('picks up after the last record read when its iterator expires', async () => {
    const records = shardRecords(4);
    kinesisMock
      .on(GetRecordsCommand)
      .resolvesOnce({
        Records: asKinesisRecords(records.slice(0, 2)),
        NextShardIterator: 'i1',
        MillisBehindLatest: 5,
      })
      .rejectsOnce(new ExpiredIteratorException({ message: 'Iterator expired', $metadata: {} }))
      .resolvesOnce({
        Records: asKinesisRecords(records.slice(2)),
        NextShardIterator: 'i2',
        MillisBehindLatest: 0,
      })
      .resolves({ Records: [], MillisBehindLatest: 0 });
    const read = await readShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atSequenceNumber: records[0]!.sequenceNumber },
      settings,
    });
    expect(read).toHaveLength(4);
    expect(kinesisMock.commandCalls(GetShardIteratorCommand)[1]!.args[0].input).toMatchObject({
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: records[1]!.sequenceNumber,
    });
  });

  it('finds the point in time by scanning from the trim horizon when AT_TIMESTAMP gets no answer in time', async () => {
    const records = shardRecords(6);
    const from = records[4]!.approximateArrivalTimestamp;
    kinesisMock
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AT_TIMESTAMP' })
      .callsFake(() => new Promise(() => undefined))
      .on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' })
      .resolves({ ShardIterator: 'iterator-0' });
    pages(records);
    const read = await readShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atTimestamp: from },
      settings: { getRecordsIntervalMs: 0, atTimestampTimeoutMs: 50 },
    });
    expect(read.map((record) => record.sequenceNumber)).toEqual(
      records.slice(4).map((record) => record.sequenceNumber),
    );
  });

  it('says which shard and position it could not read', async () => {
    kinesisMock.on(GetShardIteratorCommand).rejects(new Error('Shard shardId-000000000009 does not exist'));
    const reading = () =>
      readShard(kinesis, {
        streamName: STREAM_NAME,
        shardId: 'shardId-000000000009',
        from: { atSequenceNumber: '1' },
        settings,
      });
    await expect(reading()).rejects.toThrow(StreamReadError);
    await expect(reading()).rejects.toThrow(
      `cannot read shard shardId-000000000009 of stream ${STREAM_NAME} at 1: Shard shardId-000000000009 does not exist`,
    );
  });
});

describe('streamShard', () => {
  it('asks for pages of 2 MiB: as if records were 1 MiB until it has seen how large they are', async () => {
    const records = shardRecords(30);
    pages(records.slice(0, 10), records.slice(10, 20), records.slice(20));
    const read: string[] = [];
    for await (const record of streamShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atSequenceNumber: records[0]!.sequenceNumber },
      settings,
    }))
      read.push(record.sequenceNumber);
    expect(read).toHaveLength(30);
    const limits = kinesisMock.commandCalls(GetRecordsCommand).map((call) => call.args[0].input.Limit);
    const largest = Math.max(...records.map((r) => r.data.length + Buffer.byteLength(r.partitionKey)));
    expect(limits[0]).toBe(2);
    expect(limits[1]).toBe(Math.min(10_000, Math.floor(PAGE_BYTES / largest)));
  });

  it('reads a page only when the records before it are consumed', async () => {
    const records = shardRecords(6);
    pages(records.slice(0, 3), records.slice(3));
    const reader = streamShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atSequenceNumber: records[0]!.sequenceNumber },
      settings,
    });
    await reader.next();
    expect(kinesisMock.commandCalls(GetRecordsCommand)).toHaveLength(1);
    for (let i = 0; i < 3; i++) await reader.next();
    expect(kinesisMock.commandCalls(GetRecordsCommand)).toHaveLength(2);
    await reader.return();
  });

  it('stops at the first record that arrived after `arrivedBy`: the tip as it was then', async () => {
    const records = shardRecords(6);
    pages(records);
    const read = await readShard(kinesis, {
      streamName: STREAM_NAME,
      shardId: SHARD_ID,
      from: { atSequenceNumber: records[0]!.sequenceNumber },
      arrivedBy: records[3]!.approximateArrivalTimestamp,
      settings,
    });
    expect(read.map((record) => record.sequenceNumber)).toEqual(
      records.slice(0, 4).map((record) => record.sequenceNumber),
    );
  });
});

describe('readRange', () => {
  it('reads exactly the records of the range', async () => {
    const records = shardRecords(10);
    pages(records.slice(2, 5), records.slice(5));
    const range = await readRangeOf(2, 6);
    expect(range.map((record) => record.sequenceNumber)).toEqual(
      records.slice(2, 7).map((record) => record.sequenceNumber),
    );
    expect(kinesisMock.commandCalls(GetShardIteratorCommand)[0]!.args[0].input).toMatchObject({
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      StartingSequenceNumber: sequenceNumber(2),
    });
  });

  it('fails when the first record of the range is not where the stream starts it (trimmed)', async () => {
    pages(shardRecords(5, { from: 4 }));
    await expect(readRangeOf(2, 6)).rejects.toThrow(RecordsExpiredError);
  });

  it('fails clearly when the records have expired from the stream', async () => {
    pages(shardRecords(3, { from: 50 }));
    await expect(readRangeOf(10, 20)).rejects.toThrow(
      `records ${sequenceNumber(10)}..${sequenceNumber(20)} of shard ${SHARD_ID} are no longer in stream ${STREAM_NAME} ` +
        `(the oldest record left at or after them is ${sequenceNumber(50)})`,
    );
    kinesisMock.reset();
    kinesisMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator-0' });
    pages();
    await expect(readRangeOf(10, 20)).rejects.toThrow(/nothing of the range is left/);
  });
});

describe('readRange with a size', () => {
  it('fails as soon as the range holds more records than asked for, without reading on', async () => {
    const records = shardRecords(10);
    pages(records.slice(0, 4), records.slice(4, 8), records.slice(8));
    await expect(readRangeOfAtMost(0, 9, 3)).rejects.toThrow(
      `the stream holds more than 3 records in ${sequenceNumber(0)}..${sequenceNumber(9)} of shard ${SHARD_ID}`,
    );
    expect(kinesisMock.commandCalls(GetRecordsCommand)).toHaveLength(1);
  });
});

describe('listShardIds', () => {
  it('lists every shard, page after page', async () => {
    kinesisMock
      .on(ListShardsCommand)
      .resolvesOnce({ Shards: [{ ShardId: 'shardId-000000000000' } as never], NextToken: 'more' })
      .resolvesOnce({ Shards: [{ ShardId: 'shardId-000000000001' } as never] });
    expect(await listShardIds(kinesis, STREAM_NAME)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    expect(kinesisMock.commandCalls(ListShardsCommand)[1]!.args[0].input).toEqual({ NextToken: 'more' });
  });
});
