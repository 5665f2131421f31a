/** Kinesis for a test file, and what a stream holds, read back from its first record on every shard. */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { type Emulators, startEmulators } from '@event-pipeline/emulators';
import { afterAll, beforeAll } from '@jest/globals';

/** Kinesis alone in the emulators, started before the file's tests and stopped after them, and a client of it. */
export function kinesisForTests(): { readonly emulators: Emulators; readonly kinesis: KinesisClient } {
  const local = {} as { emulators: Emulators; kinesis: KinesisClient };
  beforeAll(async () => {
    local.emulators = await startEmulators({ services: ['kinesis'] });
    local.kinesis = new KinesisClient(local.emulators.clientConfig('kinesis'));
  });
  afterAll(async () => {
    await local.emulators.stop();
  });
  return local;
}

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
