/**
 * PutRecords with the limits Kinesis sets (500 records and 5 MiB a call, 1 MiB a record
 * including its partition key) and the retries it needs: the entries a call rejects
 * (`FailedRecordCount`: throttling, internal failures) and calls that fail outright are
 * sent again with exponential backoff and jitter. A record counts as sent only once Kinesis
 * has given it a sequence number.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';

export const MAX_RECORDS_PER_CALL = 500;
export const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
/** A record's data and partition key together (the stream's default, and kinesalite's only, limit). */
export const MAX_BYTES_PER_RECORD = 1024 * 1024;

interface Entry {
  data: Uint8Array;
  partitionKey: string;
}

type EntryResult =
  | { ok: true; shardId: string; sequenceNumber: string; attempts: number }
  | { ok: false; errorCode: string; errorMessage: string; attempts: number };

export interface PutStats {
  /** PutRecords calls made and how long each took (ms). */
  callLatenciesMs: number[];
  /** Entries sent again after a rejection or a failed call. */
  retried: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 2_000 };

const entryBytes = (entry: Entry) => entry.data.length + Buffer.byteLength(entry.partitionKey);

/** Splits entries into PutRecords calls within the count and size limits, in order. */
export function chunkEntries<T extends Entry>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length >= MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Puts one call's worth of entries (see chunkEntries), retrying what is rejected. */
export async function putRecordsWithRetry(
  kinesis: KinesisClient,
  streamName: string,
  entries: readonly Entry[],
  stats: PutStats,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<EntryResult[]> {
  const results = new Array<EntryResult | undefined>(entries.length);
  let pending = entries.map((_, index) => index);
  let lastError = { errorCode: 'NotAttempted', errorMessage: 'not attempted' };
  for (let attempt = 1; pending.length > 0 && attempt <= policy.maxAttempts; attempt++) {
    if (attempt > 1) {
      stats.retried += pending.length;
      await sleep(backoff(attempt - 1, policy));
    }
    const request: PutRecordsRequestEntry[] = pending.map((index) => ({
      Data: entries[index]!.data,
      PartitionKey: entries[index]!.partitionKey,
    }));
    const started = performance.now();
    try {
      const response = await kinesis.send(
        new PutRecordsCommand({ StreamName: streamName, Records: request }),
      );
      stats.callLatenciesMs.push(performance.now() - started);
      const next: number[] = [];
      (response.Records ?? []).forEach((record, i) => {
        const index = pending[i]!;
        if (record.SequenceNumber !== undefined && record.ErrorCode === undefined) {
          results[index] = {
            ok: true,
            shardId: record.ShardId!,
            sequenceNumber: record.SequenceNumber,
            attempts: attempt,
          };
        } else {
          lastError = { errorCode: record.ErrorCode ?? 'Unknown', errorMessage: record.ErrorMessage ?? '' };
          next.push(index);
        }
      });
      // A response shorter than the request would leave entries unanswered: retry them too.
      pending = [...next, ...pending.slice(response.Records?.length ?? 0)];
    } catch (error) {
      stats.callLatenciesMs.push(performance.now() - started);
      const { name, message } = error as Error;
      lastError = { errorCode: name, errorMessage: message };
      // Validation errors will not get better by retrying.
      if (name === 'ValidationException' || name === 'ResourceNotFoundException') break;
    }
  }
  // Array.from, not map: map skips the holes that the never-accepted entries are.
  return Array.from(results, (result) => result ?? { ok: false, ...lastError, attempts: policy.maxAttempts });
}
