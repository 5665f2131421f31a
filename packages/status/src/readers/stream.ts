/**
 * The stream's side of "how far behind": its shards, and the oldest record of a shard past
 * where the ledger has recorded. One record is read (GetRecords with Limit 1), never the
 * backlog: status shares each shard's read throughput with the ingest function.
 *
 * The newest record itself cannot be asked for on both Kinesis and kinesalite (a LATEST
 * iterator never sees it; kinesalite answers no AT_TIMESTAMP past the last record), but the
 * first record after a known sequence number can: AFTER_SEQUENCE_NUMBER works on both.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  InvalidArgumentException,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import type { UnrecordedFrom } from '../ledger-batches.js';

export interface ShardSummary {
  shardId: string;
  closed: boolean;
}

export async function listShards(kinesis: KinesisClient, stream: string): Promise<ShardSummary[]> {
  const shards: ShardSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await kinesis.send(
      new ListShardsCommand(nextToken === undefined ? { StreamName: stream } : { NextToken: nextToken }),
    );
    for (const shard of page.Shards ?? [])
      shards.push({
        shardId: shard.ShardId!,
        closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
      });
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
}

export type OldestUnrecorded =
  | { sequenceNumber: string; arrivedAt: Date }
  /** Kinesis said records lie ahead but returned none within the pages read. */
  | { millisBehindLatest: number };

/** Empty pages Kinesis may return before the records that lie ahead (sparse shards). */
const MAX_EMPTY_PAGES = 5;

/**
 * The shard's first record at or past `from`, or undefined when there is none (the ledger is at
 * the tip). `pauseMs` spaces the GetRecords calls (Kinesis allows 5 a second per shard).
 */
export async function oldestUnrecorded(
  kinesis: KinesisClient,
  stream: string,
  shardId: string,
  from: UnrecordedFrom,
  pauseMs: number,
): Promise<OldestUnrecorded | undefined> {
  let iterator = await shardIterator(kinesis, { StreamName: stream, ShardId: shardId }, from);
  let behind = 0;
  for (let page = 0; iterator !== undefined && page < MAX_EMPTY_PAGES; page++) {
    if (page > 0 && pauseMs > 0) await sleep(pauseMs);
    const {
      Records = [],
      MillisBehindLatest = 0,
      NextShardIterator,
    } = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
    const record = Records[0];
    if (record !== undefined)
      return { sequenceNumber: record.SequenceNumber!, arrivedAt: record.ApproximateArrivalTimestamp! };
    behind = MillisBehindLatest;
    if (behind === 0) return undefined;
    iterator = NextShardIterator;
  }
  return behind > 0 ? { millisBehindLatest: behind } : undefined;
}

/**
 * An iterator at `from`. A sequence number the shard does not know (its records are past the
 * retention period, or a restarted local stream never had them) means the ledger's records
 * are gone from the stream: whatever the shard still holds is unrecorded.
 */
async function shardIterator(
  kinesis: KinesisClient,
  shard: Pick<GetShardIteratorCommandInput, 'StreamName' | 'ShardId'>,
  from: UnrecordedFrom,
): Promise<string | undefined> {
  const request = (input: Omit<GetShardIteratorCommandInput, 'StreamName' | 'ShardId'>) =>
    kinesis.send(new GetShardIteratorCommand({ ...shard, ...input }));
  if (from === 'trim-horizon') return (await request({ ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
  try {
    const answer =
      'afterSequenceNumber' in from
        ? await request({
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            StartingSequenceNumber: from.afterSequenceNumber,
          })
        : await request({
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            StartingSequenceNumber: from.atSequenceNumber,
          });
    return answer.ShardIterator;
  } catch (error) {
    if (!(error instanceof InvalidArgumentException)) throw error;
    return (await request({ ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
  }
}
