/**
 * Follows what lands in the lake during a run: every object written under the watched
 * prefixes is read (as s3rver reports it, from s3rver's store: what a reader of the bucket
 * would get) and each of its lines is indexed by record id, so the live status and the final
 * reconciliation need no scan of the buckets. An object written again (a retry) is read again;
 * the first landing of a record is the one kept.
 */
import type { S3rverEventRecord } from '@event-pipeline/emulators';
import { identifyLine, type LineIdentity } from '@event-pipeline/schema';

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

export interface LakeTrackerOptions {
  /** The object's text as stored (rejects if it is not there). */
  readObject(bucket: string, key: string): Promise<string>;
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
  const { readObject, watch } = options;
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
    const text = await readObject(bucket, key);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let identity: LineIdentity | undefined;
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
