/**
 * Compacts one partition: lists its processed objects, streams their lines through the
 * compaction core, writes the bad and conflicting lines to quarantine/ and the kept rows as
 * curated/<partition>/data.parquet (each one whole object), and returns what it did. Any read
 * or write failure abandons every upload (the previous objects stay) and throws.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { curatedKey, EVENT_TYPES, type EventType, partitionEventType } from '@event-pipeline/schema';
import { ObjectUpload } from './adapters/object-upload.js';
import { listProcessedObjects, readObjectsInOrder } from './adapters/processed-objects.js';
import { type LineOrigin, PartitionCompaction } from './core/partition-compaction.js';
import type { RowStore } from './core/row-store.js';
import { compactionQuarantineKey, s3Uri } from './keys.js';
import { writeCuratedFile } from './parquet/curated-file.js';

export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';
const JSON_LINES_CONTENT_TYPE = 'application/x-ndjson';
export const CONFLICT_CODE = 'conflicting_record_id';

export interface PartitionDeps {
  s3: S3Client;
  processedBucket: string;
  readConcurrency: number;
  rowGroupRows: number;
  newRowStore: () => RowStore;
}

export interface PartitionOutcome {
  partition: string;
  sourceKeys: string[];
  sourceBytes: number;
  lines: number;
  rows: number;
  duplicates: number;
  conflicts: number;
  quarantined: number;
  quarantineKeys: string[];
  outputKey: string;
  outputBytes: number;
  rowGroups: number;
}

function eventTypeOf(partition: string): EventType {
  const type = partitionEventType(partition);
  if (!(EVENT_TYPES as readonly string[]).includes(type))
    throw new RangeError(`partition ${partition} names no known event type`);
  return type as EventType;
}

/** The quarantine objects of a compaction, one per reason, opened on first use. */
class QuarantineObjects {
  private readonly uploads = new Map<string, ObjectUpload>();
  private readonly pending = new Map<string, string[]>();
  count = 0;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly partition: string,
  ) {}

  add(reason: string, line: object): void {
    this.count++;
    if (!this.uploads.has(reason))
      this.uploads.set(
        reason,
        new ObjectUpload(
          this.s3,
          this.bucket,
          compactionQuarantineKey(this.partition, reason),
          JSON_LINES_CONTENT_TYPE,
        ),
      );
    const lines = this.pending.get(reason) ?? [];
    lines.push(`${JSON.stringify(line)}\n`);
    this.pending.set(reason, lines);
  }

  /** Hands the lines gathered so far to their uploads (awaits their backpressure). */
  async settle(): Promise<void> {
    for (const [reason, lines] of this.pending) {
      if (lines.length > 0) await this.uploads.get(reason)!.write(lines.join(''));
      lines.length = 0;
    }
  }

  get keys(): string[] {
    return [...this.uploads.values()].map((upload) => upload.key).sort();
  }

  all(): ObjectUpload[] {
    return [...this.uploads.values()];
  }
}

/** The original text of the given lines (rare: conflicts only), read again from their objects. */
async function linesAt(
  deps: PartitionDeps,
  keys: readonly string[],
  origins: readonly LineOrigin[],
): Promise<Map<string, string>> {
  const wanted = new Map<number, Set<number>>();
  for (const { source, lineNumber } of origins) {
    const lines = wanted.get(source) ?? new Set<number>();
    lines.add(lineNumber);
    wanted.set(source, lines);
  }
  const sources = [...wanted.keys()].sort((a, b) => a - b);
  const texts = new Map<string, string>();
  let i = 0;
  for await (const { lines } of readObjectsInOrder(
    deps.s3,
    deps.processedBucket,
    sources.map((source) => keys[source]!),
    deps.readConcurrency,
  )) {
    const source = sources[i++]!;
    for (const lineNumber of wanted.get(source)!)
      texts.set(`${source}:${lineNumber}`, lines[lineNumber - 1] ?? '');
  }
  return texts;
}

export async function compactPartition(deps: PartitionDeps, partition: string): Promise<PartitionOutcome> {
  const eventType = eventTypeOf(partition);
  const bucket = deps.processedBucket;
  const sources = await listProcessedObjects(deps.s3, bucket, partition);
  const keys = sources.map((source) => source.key);
  const store = deps.newRowStore();
  const compaction = new PartitionCompaction(partition, eventType, store);
  const quarantine = new QuarantineObjects(deps.s3, bucket, partition);
  const outputKey = curatedKey(partition);
  let output: ObjectUpload | undefined;
  try {
    let source = 0;
    for await (const { key, lines } of readObjectsInOrder(deps.s3, bucket, keys, deps.readConcurrency)) {
      for (let i = 0; i < lines.length; i++) {
        const outcome = compaction.addLine(lines[i]!, { source, lineNumber: i + 1 });
        if (outcome.kind === 'bad')
          quarantine.add(outcome.error.code, {
            error: outcome.error,
            processed_object: s3Uri(bucket, key),
            line_number: i + 1,
            line: lines[i],
          });
      }
      source++;
      await quarantine.settle();
    }
    const plan = compaction.finish();

    if (plan.conflicts.length > 0) {
      const texts = await linesAt(
        deps,
        keys,
        plan.conflicts.flatMap(({ kept, other }) => [kept, other]),
      );
      const lineage = ({ source: at, lineNumber }: LineOrigin) => ({
        processed_object: s3Uri(bucket, keys[at]!),
        line_number: lineNumber,
        line: texts.get(`${at}:${lineNumber}`),
      });
      for (const { recordId, kept, other } of plan.conflicts) {
        quarantine.add(CONFLICT_CODE, {
          error: {
            code: CONFLICT_CODE,
            message: `record_id ${recordId} is shared by lines whose event content (type, timestamp or data) differs: the earliest by processed_timestamp, then raw_object, is kept, this one is not`,
            path: '/record_id',
          },
          record_id: recordId,
          ...lineage(other),
          kept: lineage(kept),
        });
      }
      await quarantine.settle();
    }

    output = new ObjectUpload(deps.s3, bucket, outputKey, PARQUET_CONTENT_TYPE);
    const written = await writeCuratedFile(compaction.columns, plan.rowGroups(deps.rowGroupRows), output);
    await Promise.all([output.close(), ...quarantine.all().map((upload) => upload.close())]);
    return {
      partition,
      sourceKeys: keys,
      sourceBytes: sources.reduce((sum, s) => sum + s.bytes, 0),
      lines: compaction.lines + quarantine.count - plan.conflicts.length,
      rows: written.rows,
      duplicates: plan.duplicates,
      conflicts: plan.conflicts.length,
      quarantined: quarantine.count - plan.conflicts.length,
      quarantineKeys: quarantine.keys,
      outputKey,
      outputBytes: output.bytes,
      rowGroups: written.rowGroups,
    };
  } catch (error) {
    const uploads = [...quarantine.all(), ...(output ? [output] : [])];
    await Promise.all(uploads.map((upload) => upload.abort(error as Error)));
    throw error;
  } finally {
    store.dispose();
  }
}
