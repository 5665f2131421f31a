/**
 * One shard's poller, as a Kinesis event source mapping runs one: GetRecords into a buffer,
 * a batch cut off it once it holds `batchSize` records or the batching window is over, one
 * batch in the function at a time. An expired iterator is renewed after the last record read.
 * Once stopping, it reads no more and hands what it buffered to the function first.
 */
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { KinesisMappingSettings } from './event-source-mapping.js';
import { fromGetRecords, payloadBytes, type ShardRecord } from './lambda-event.js';

interface ShardPollerOptions {
  kinesis: KinesisClient;
  streamName: string;
  shardId: string;
  settings: KinesisMappingSettings;
  /** Wait between polls of an empty shard. */
  pollIntervalMs: number;
  /** Waits, or less if the mapping is being stopped. */
  pause: (ms: number) => Promise<void>;
  stopping: () => boolean;
  /** Takes one batch through the function. */
  processBatch: (shardId: string, records: ShardRecord[]) => Promise<void>;
  /** Records read (positive) or handled (negative), for the mapping's idleness. */
  onUnhandled: (delta: number) => void;
  onError: (error: Error) => void;
}

// A synchronous invocation's payload is at most 6 MB.
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const MAX_GET_RECORDS = 10_000;
// Kinesis allows 5 GetRecords calls a second per shard.
const MIN_GET_RECORDS_INTERVAL_MS = 200;

/** Cuts the next batch off `buffer`: at most batchSize records and 6 MB of payload. */
function takeBatch(buffer: ShardRecord[], batchSize: number): ShardRecord[] {
  let bytes = 0;
  let count = 0;
  for (const record of buffer) {
    if (count >= batchSize) break;
    bytes += payloadBytes(record);
    if (count > 0 && bytes > MAX_PAYLOAD_BYTES) break;
    count++;
  }
  return buffer.splice(0, count);
}

/** GetRecords on one shard from the starting position, picking up after the last record read on a new iterator. */
function shardReader(options: ShardPollerOptions) {
  const { kinesis, streamName, shardId, settings } = options;
  let lastRead: string | undefined;
  let iterator: string | undefined;

  async function renew(): Promise<void> {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ...(lastRead === undefined
          ? { ShardIteratorType: settings.startingPosition }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: lastRead }),
      }),
    );
    iterator = ShardIterator;
  }

  return {
    open: renew,
    /** Whether the shard can still be read (a closed shard's iterator ends). */
    readable: () => iterator !== undefined,
    /** The next page of records; undefined when the call failed (and was dealt with). */
    async read(): Promise<ShardRecord[] | undefined> {
      try {
        const page = await kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_GET_RECORDS }),
        );
        iterator = page.NextShardIterator;
        const records = (page.Records ?? []).map((record) => fromGetRecords(shardId, record));
        if (records.length > 0) lastRead = records[records.length - 1]!.sequenceNumber;
        return records;
      } catch (error) {
        if (error instanceof ExpiredIteratorException) await renew();
        else {
          options.onError(error as Error);
          await options.pause(options.pollIntervalMs);
        }
        return undefined;
      }
    },
  };
}

export async function pollShard(options: ShardPollerOptions): Promise<void> {
  const { settings, stopping, shardId } = options;
  const reader = shardReader(options);
  await reader.open();
  const buffer: ShardRecord[] = [];
  let windowStart = 0;
  const windowMs = settings.batchWindowSeconds * 1000;
  const batchDue = () =>
    buffer.length > 0 &&
    (buffer.length >= settings.batchSize || Date.now() - windowStart >= windowMs || stopping());

  while (!stopping() || buffer.length > 0) {
    if (!stopping() && reader.readable() && buffer.length < settings.batchSize) {
      const records = await reader.read();
      if (records === undefined) continue;
      if (records.length > 0) {
        if (buffer.length === 0) windowStart = Date.now();
        buffer.push(...records);
        options.onUnhandled(records.length);
      }
    }
    if (batchDue()) {
      const batch = takeBatch(buffer, settings.batchSize);
      await options.processBatch(shardId, batch);
      options.onUnhandled(-batch.length);
      if (buffer.length > 0) windowStart = Date.now();
      continue;
    }
    if (stopping()) break;
    // A partial batch waits out its window, polling meanwhile; an empty buffer waits for the next poll.
    const untilWindow = windowStart + windowMs - Date.now();
    await options.pause(
      buffer.length > 0
        ? Math.max(0, Math.min(MIN_GET_RECORDS_INTERVAL_MS, untilWindow))
        : options.pollIntervalMs,
    );
  }
}
