/**
 * Reads records back from the Kinesis stream: a shard's records from a sequence number or a
 * point in time, in order, up to a limit or to the tip. The recovery tools need the records
 * themselves because the ingest DLQ only names them (shard and sequence range).
 *
 * Records come one GetRecords page at a time (streamShard), so that a reader holds one page, not
 * the shard. A page is sized for 2 MiB at the largest record size seen so far: a shard is read at
 * 2 MiB a second at most, so larger pages would only make the next call wait (and the emulator,
 * unlike Kinesis and its 10 MiB, has no cap of its own).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import type { ReaderSettings } from '@event-pipeline/cli';
import { fromGetRecords, type ShardRecord } from '@event-pipeline/local';

/** Where reading starts. */
type ShardPosition = { atSequenceNumber: string } | { atTimestamp: Date };

export class StreamReadError extends Error {
  override name = 'StreamReadError';
}

/** The records asked for are no longer in the stream: past its retention period, Kinesis drops them. */
export class RecordsExpiredError extends StreamReadError {
  override name = 'RecordsExpiredError';
}

/** The most records a GetRecords call returns. */
const GET_RECORDS_LIMIT = 10_000;
/** The bytes a page is sized for: a shard's read throughput for one second. */
export const PAGE_BYTES = 2 * 1024 * 1024;
/** The largest record Kinesis takes (data and partition key): the size assumed before any is seen. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** How many records to ask for, for pages of about PAGE_BYTES at the largest record size seen. */
const pageLimit = (largestRecord: number) =>
  Math.max(1, Math.min(GET_RECORDS_LIMIT, Math.floor(PAGE_BYTES / Math.max(1, largestRecord))));

/** A record's size against Kinesis' limits: its data and partition key. */
const recordBytes = (record: ShardRecord) => record.data.length + Buffer.byteLength(record.partitionKey);

export async function listShardIds(kinesis: KinesisClient, streamName: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await kinesis.send(
      new ListShardsCommand(nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken }),
    );
    for (const shard of page.Shards ?? []) ids.push(shard.ShardId!);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return ids;
}

interface ReadShardOptions {
  streamName: string;
  shardId: string;
  from: ShardPosition;
  /** The first sequence number not wanted: reading stops before it. To the tip when omitted. */
  stopBefore?: (sequenceNumber: bigint) => boolean;
  /**
   * Reading stops at the first record that arrived after this time: the tip as it was then. A
   * busy stream's tip moves on as fast as it is read.
   */
  arrivedBy?: Date;
  settings: ReaderSettings;
}

const SILENCE = Symbol('no answer in time');

async function shardIterator(kinesis: KinesisClient, input: GetShardIteratorCommandInput) {
  return (await kinesis.send(new GetShardIteratorCommand(input))).ShardIterator;
}

/** The iterator, or SILENCE when none came within `timeoutMs` (the request is then abandoned). */
async function shardIteratorWithin(
  kinesis: KinesisClient,
  input: GetShardIteratorCommandInput,
  timeoutMs: number,
): Promise<string | undefined | typeof SILENCE> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<typeof SILENCE>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(SILENCE);
    }, timeoutMs);
  });
  try {
    const answer = kinesis.send(new GetShardIteratorCommand(input), { abortSignal: abort.signal });
    // Once the silence is taken as the answer, the aborted request's rejection goes unobserved.
    answer.catch(() => undefined);
    const first = await Promise.race([answer, silence]);
    return first === SILENCE ? SILENCE : first.ShardIterator;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One shard's records from `from`, in sequence order, until `stopBefore`, `arrivedBy` or the tip,
 * read a page at a time as they are consumed.
 */
export async function* streamShard(
  kinesis: KinesisClient,
  options: ReadShardOptions,
): AsyncGenerator<ShardRecord, void, undefined> {
  const { streamName, shardId, from, stopBefore, arrivedBy, settings } = options;
  const base = { StreamName: streamName, ShardId: shardId };
  let last: ShardRecord | undefined;
  /** The largest record read yet; pages are sized for the largest possible one until one is read. */
  let largestRecord: number | undefined;
  /** When scanning for a point in time: records that arrived before it are passed over. */
  let arrivedBefore: Date | undefined;

  /** Where reading starts, or starts again after the last record read. */
  async function open(): Promise<string | undefined> {
    if (last !== undefined)
      return shardIterator(kinesis, {
        ...base,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: last.sequenceNumber,
      });
    if ('atSequenceNumber' in from)
      return shardIterator(kinesis, {
        ...base,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: from.atSequenceNumber,
      });
    const atTimestamp = { ...base, ShardIteratorType: 'AT_TIMESTAMP' as const, Timestamp: from.atTimestamp };
    if (arrivedBefore === undefined && settings.atTimestampTimeoutMs !== undefined) {
      const answer = await shardIteratorWithin(kinesis, atTimestamp, settings.atTimestampTimeoutMs);
      if (answer !== SILENCE) return answer;
      arrivedBefore = from.atTimestamp;
    }
    return arrivedBefore === undefined
      ? shardIterator(kinesis, atTimestamp)
      : shardIterator(kinesis, { ...base, ShardIteratorType: 'TRIM_HORIZON' });
  }

  let iterator: string | undefined;
  try {
    iterator = await open();
  } catch (error) {
    const at = 'atSequenceNumber' in from ? from.atSequenceNumber : from.atTimestamp.toISOString();
    throw new StreamReadError(
      `cannot read shard ${shardId} of stream ${streamName} at ${at}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  while (iterator !== undefined) {
    let page: GetRecordsCommandOutput;
    try {
      page = await kinesis.send(
        new GetRecordsCommand({
          ShardIterator: iterator,
          Limit: pageLimit(largestRecord ?? MAX_RECORD_BYTES),
        }),
      );
    } catch (error) {
      // An iterator lives 5 minutes: a slow read picks up after the last record it got.
      if (!(error instanceof ExpiredIteratorException)) throw error;
      iterator = await open();
      continue;
    }
    const batch = page.Records ?? [];
    for (const raw of batch) {
      const record = fromGetRecords(shardId, raw);
      largestRecord = Math.max(largestRecord ?? 0, recordBytes(record));
      if (arrivedBefore !== undefined && record.approximateArrivalTimestamp < arrivedBefore) continue;
      if (stopBefore?.(BigInt(record.sequenceNumber))) return;
      if (arrivedBy !== undefined && record.approximateArrivalTimestamp > arrivedBy) return;
      last = record;
      yield record;
    }
    // An empty page at the tip (a closed shard's end has no next iterator).
    if (batch.length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
    iterator = page.NextShardIterator;
    if (settings.getRecordsIntervalMs > 0) await sleep(settings.getRecordsIntervalMs);
  }
}

/** One shard's records from `from`, in sequence order, until `stopBefore` or the tip, all at once. */
export async function readShard(kinesis: KinesisClient, options: ReadShardOptions): Promise<ShardRecord[]> {
  const records: ShardRecord[] = [];
  for await (const record of streamShard(kinesis, options)) records.push(record);
  return records;
}

interface ReadRangeOptions {
  streamName: string;
  shardId: string;
  first: string;
  last: string;
  /** Fails as soon as the range holds more records than this, rather than reading them all. */
  maxRecords?: number;
  settings: ReaderSettings;
}

/**
 * Exactly the records `first`..`last` of a shard (a Kinesis batch is a contiguous run of one
 * shard). Fails with {@link RecordsExpiredError} when the first of them is no longer there, and
 * with a {@link StreamReadError} once more than `maxRecords` are read.
 */
export async function readRange(kinesis: KinesisClient, options: ReadRangeOptions): Promise<ShardRecord[]> {
  const { streamName, shardId, first, last, maxRecords = Number.POSITIVE_INFINITY, settings } = options;
  const end = BigInt(last);
  if (BigInt(first) > end) throw new RangeError(`the range ${first}..${last} is empty`);
  /** The first record at or after `first`, in the range or beyond it. */
  let oldest: string | undefined;
  const records: ShardRecord[] = [];
  for await (const record of streamShard(kinesis, {
    streamName,
    shardId,
    from: { atSequenceNumber: first },
    stopBefore: (sequence) => {
      oldest ??= sequence.toString();
      return sequence > end;
    },
    settings,
  })) {
    // The range's first record is gone: what is left of it is no batch the pipeline saw.
    if (oldest !== first) break;
    if (records.length === maxRecords)
      throw new StreamReadError(
        `the stream holds more than ${maxRecords} records in ${first}..${last} of shard ${shardId}`,
      );
    records.push(record);
  }
  if (oldest !== first)
    throw new RecordsExpiredError(
      `records ${first}..${last} of shard ${shardId} are no longer in stream ${streamName} ` +
        `(${oldest === undefined ? 'nothing of the range is left' : `the oldest record left at or after them is ${oldest}`}): ` +
        'Kinesis keeps records for the retention period of the stream (config/stages.yml streamRetentionHours)',
    );
  return records;
}
