/**
 * Follows what lands in the lake during a run: every object written under the watched
 * prefixes is read (as s3rver reports it) and each of its lines is indexed by record id, so
 * the live status and the final reconciliation need no scan of the buckets. An object written
 * again (a retry) is read again; the first landing of a record is the one kept.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3rverEventRecord } from '@event-pipeline/emulators';
import { recordId } from '@event-pipeline/schema';

export type LandingKind = 'processed' | 'quarantined';

export interface Landing {
  kind: LandingKind;
  /** `s3://bucket/key` of the object holding the record. */
  object: string;
  landedAt: number;
  /** The quarantine reason. */
  code?: string;
}

export interface WatchedBucket {
  bucket: string;
  prefixes: Array<{ prefix: string; kind: LandingKind }>;
}

interface Position {
  shard_id?: unknown;
  sequence_number?: unknown;
  /** Epoch seconds, as Lambda gives it. */
  approximate_arrival_timestamp?: unknown;
}

function positionId(metadata: Position | undefined): string | undefined {
  if (typeof metadata?.shard_id !== 'string' || typeof metadata.sequence_number !== 'string')
    return undefined;
  return recordId({ shardId: metadata.shard_id, sequenceNumber: metadata.sequence_number });
}

/**
 * The record id and reason of one line of the lake: a processed record (`record_id`), an
 * ingest quarantine line (its stream position), or a transform quarantine line (the raw
 * line it kept: its `event_id`, else its position).
 */
export function identifyLine(
  line: Record<string, unknown>,
): { id: string; code?: string; arrivedAt?: number } | undefined {
  const error = line.error as { code?: unknown } | undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (typeof line.record_id === 'string') {
    const arrival = (line.kinesis_metadata as Position | undefined)?.approximate_arrival_timestamp;
    return { id: line.record_id, ...(typeof arrival === 'number' ? { arrivedAt: arrival * 1000 } : {}) };
  }
  if (typeof line.line === 'string') {
    try {
      const raw = JSON.parse(line.line) as { event_id?: unknown; kinesis_metadata?: Position };
      if (typeof raw.event_id === 'string')
        return {
          id: recordId({ eventId: raw.event_id, shardId: '', sequenceNumber: '' }),
          ...(code ? { code } : {}),
        };
      const id = positionId(raw.kinesis_metadata);
      if (id !== undefined) return { id, ...(code ? { code } : {}) };
    } catch {
      return undefined;
    }
  }
  const id = positionId(line.kinesis_metadata as Position | undefined);
  return id === undefined ? undefined : { id, ...(code ? { code } : {}) };
}

export interface LakeTrackerOptions {
  s3: S3Client;
  subscribe(listener: (record: S3rverEventRecord) => void): () => void;
  watch: WatchedBucket[];
  concurrency?: number;
}

export interface LakeTracker {
  /** Record id -> its first landing. */
  readonly landings: ReadonlyMap<string, Landing>;
  /** From arrival in the stream to the processed object written (ms), one per processed record. */
  readonly latenciesMs: readonly number[];
  counts(): { processed: number; quarantined: number; unrecognisedLines: number };
  /** Objects waiting to be read. */
  pending(): number;
  stop(): void;
}

export function createLakeTracker(options: LakeTrackerOptions): LakeTracker {
  const { s3, watch } = options;
  const concurrency = options.concurrency ?? 4;
  const landings = new Map<string, Landing>();
  const latenciesMs: number[] = [];
  // Records that reached a stream before this tracker existed (a fixture sent with
  // `sls invoke local`, say) were not carried by this run: they say nothing of its latency.
  const startedAt = Date.now();
  const counts = { processed: 0, quarantined: 0, unrecognisedLines: 0 };
  const queue: Array<{ bucket: string; key: string; kind: LandingKind; landedAt: number }> = [];
  const queued = new Set<string>();
  let reading = 0;

  async function read(bucket: string, key: string, kind: LandingKind, landedAt: number) {
    const object = `s3://${bucket}/${key}`;
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await response.Body!.transformToString();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let identity: ReturnType<typeof identifyLine>;
      try {
        identity = identifyLine(JSON.parse(line) as Record<string, unknown>);
      } catch {
        identity = undefined;
      }
      if (identity === undefined) {
        counts.unrecognisedLines++;
        continue;
      }
      if (landings.has(identity.id)) continue;
      landings.set(identity.id, {
        kind,
        object,
        landedAt,
        ...(identity.code ? { code: identity.code } : {}),
      });
      counts[kind]++;
      if (kind === 'processed' && identity.arrivedAt !== undefined && identity.arrivedAt >= startedAt) {
        latenciesMs.push(landedAt - identity.arrivedAt);
      }
    }
  }

  function pump() {
    while (reading < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      queued.delete(`${next.bucket}/${next.key}`);
      reading++;
      read(next.bucket, next.key, next.kind, next.landedAt)
        .catch(() => {
          // Being rewritten as we read (a retry): its new version's event queues it again.
        })
        .finally(() => {
          reading--;
          pump();
        });
    }
  }

  const unsubscribe = options.subscribe((record) => {
    if (!record.eventName.startsWith('ObjectCreated:')) return;
    const bucket = record.s3.bucket.name;
    const key = record.s3.object.key;
    const match = watch
      .find((watched) => watched.bucket === bucket)
      ?.prefixes.find((p) => key.startsWith(p.prefix));
    if (match === undefined || queued.has(`${bucket}/${key}`)) return;
    queued.add(`${bucket}/${key}`);
    queue.push({ bucket, key, kind: match.kind, landedAt: Date.now() });
    pump();
  });

  return {
    landings,
    latenciesMs,
    counts: () => ({ ...counts }),
    pending: () => queue.length + reading,
    stop: unsubscribe,
  };
}
