/** What a stream holds, read back from its first record on every shard. */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';

/** The position of every record of `stream` (one GetRecords a shard: enough for a test's few hundred). */
export async function readStream(kinesis: KinesisClient, stream: string) {
  const records: Array<{ shardId: string; sequenceNumber: string }> = [];
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    for (const record of page.Records ?? [])
      records.push({ shardId: shard.ShardId!, sequenceNumber: record.SequenceNumber! });
  }
  return records;
}

export const positions = (records: ReadonlyArray<{ shardId: string; sequenceNumber: string }>) =>
  records.map((record) => `${record.shardId}:${record.sequenceNumber}`).sort();
