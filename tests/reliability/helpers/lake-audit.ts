/**
 * The fault run's verdict, read from the buckets themselves: every valid record by its record
 * id in processed/, every invalid one in the raw bucket's quarantine/ with the reason it was
 * made with, nothing else there; every duplicate a re-delivery (the same record id, the same
 * content apart from when and from which raw object it was processed); and every raw object
 * transformed into its processed twin, line for line, so that the transformer adds no copy of
 * a record and drops none.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { StackFile } from '@event-pipeline/local';
import { identifyLine, recordId } from '@event-pipeline/schema';
import {
  linesOf,
  readObjects,
  type SentRecord,
} from '../../../packages/recovery/tests/helpers/local-stack.js';

export interface LakeAudit {
  processedLines: number;
  uniqueProcessed: number;
  /** Processed lines beyond the first of their record id. */
  duplicateLines: number;
  /** duplicateLines / unique processed records. */
  duplicateRate: number;
  quarantinedLines: number;
  /** Lines the transformer could not transform (none expected: the ingest validated them). */
  transformQuarantineLines: number;
  rawObjects: number;
  /** Records found nowhere they belong. */
  missing: SentRecord[];
  /** Valid records quarantined, invalid ones processed, or quarantined with another reason. */
  misplaced: Array<{ record: SentRecord; found: string }>;
  /** Record ids in the lake that were never produced. */
  strays: string[];
  /** Record ids whose copies differ in more than the processing time and lineage. */
  inconsistentDuplicates: string[];
  /** Raw objects whose processed twin is missing or holds other records, and twins without a raw object. */
  unmatchedObjects: string[];
}

/** Lookups into what the audit read, for accounting for single records and objects. */
export interface LakeIndex {
  /** `processed`, `quarantined:<code>`, or undefined when the record is nowhere. */
  landing(recordId: string): string | undefined;
  /** Lines the record has where it landed. */
  copies(recordId: string): number;
  /** Record ids of a raw object's lines, in order (undefined: no such object). */
  rawObject(key: string): string[] | undefined;
  /** Record ids of a processed object's lines, in order. */
  processedObject(key: string): string[] | undefined;
}

/** Where a record must land. */
export const expectedLanding = (record: SentRecord): string =>
  record.valid ? 'processed' : `quarantined:${record.expectedCode}`;

/** The processed object a raw object becomes: the same partition path and file name. */
export const processedTwin = (rawKey: string): string => `processed/${rawKey.slice('raw/'.length)}`;

/** A processed line without what legitimately differs between two deliveries of one record. */
function deliveryContent(line: Record<string, unknown>): string {
  const { processed_timestamp: _at, metadata, ...content } = line;
  const { raw_object: _from, ...rest } = (metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...content, metadata: rest });
}

/** The record id of a raw line: its event id, else its stream position. */
function rawRecordId(line: Record<string, unknown>): string {
  const metadata = line.kinesis_metadata as { shard_id: string; sequence_number: string };
  return recordId({
    eventId: typeof line.event_id === 'string' ? line.event_id : undefined,
    shardId: metadata.shard_id,
    sequenceNumber: metadata.sequence_number,
  });
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

export async function auditLake(
  s3: S3Client,
  stack: StackFile,
  sent: readonly SentRecord[],
): Promise<{ audit: LakeAudit; lake: LakeIndex }> {
  const processed = new Map<string, { copies: number; content: string }>();
  const processedObjects = new Map<string, string[]>();
  const inconsistent = new Set<string>();
  let processedLines = 0;
  for (const [key, body] of await readObjects(s3, stack.processedBucket, 'processed/')) {
    const ids: string[] = [];
    for (const line of linesOf(body)) {
      processedLines++;
      const id = String(line.record_id);
      ids.push(id);
      const content = deliveryContent(line);
      const seen = processed.get(id);
      if (seen === undefined) processed.set(id, { copies: 1, content });
      else {
        seen.copies++;
        if (seen.content !== content) inconsistent.add(id);
      }
    }
    processedObjects.set(key, ids);
  }
  const rawObjects = new Map<string, string[]>();
  for (const [key, body] of await readObjects(s3, stack.rawBucket, 'raw/'))
    rawObjects.set(key, linesOf(body).map(rawRecordId));
  const quarantined = new Map<string, { code: string | undefined; copies: number }>();
  let quarantinedLines = 0;
  for (const body of (await readObjects(s3, stack.rawBucket, 'quarantine/')).values()) {
    for (const line of linesOf(body)) {
      quarantinedLines++;
      const identity = identifyLine(line);
      if (identity === undefined) continue;
      const seen = quarantined.get(identity.id);
      quarantined.set(identity.id, { code: identity.code, copies: (seen?.copies ?? 0) + 1 });
    }
  }
  const transformQuarantine = await readObjects(s3, stack.processedBucket, 'quarantine/');

  const unmatchedObjects: string[] = [];
  for (const [key, ids] of rawObjects) {
    const twin = processedObjects.get(processedTwin(key));
    if (twin === undefined) unmatchedObjects.push(`${key}: never transformed`);
    else if (!sameList(twin, ids))
      unmatchedObjects.push(`${key}: ${ids.length} records, its processed twin ${twin.length} others`);
  }
  for (const key of processedObjects.keys())
    if (!rawObjects.has(`raw/${key.slice('processed/'.length)}`))
      unmatchedObjects.push(`${key}: no raw object`);

  const audit: LakeAudit = {
    processedLines,
    uniqueProcessed: processed.size,
    duplicateLines: processedLines - processed.size,
    duplicateRate: processed.size === 0 ? 0 : (processedLines - processed.size) / processed.size,
    quarantinedLines,
    transformQuarantineLines: [...transformQuarantine.values()].reduce(
      (n, body) => n + linesOf(body).length,
      0,
    ),
    rawObjects: rawObjects.size,
    missing: [],
    misplaced: [],
    strays: [],
    inconsistentDuplicates: [...inconsistent],
    unmatchedObjects,
  };
  const lake: LakeIndex = {
    landing: (id) =>
      processed.has(id)
        ? 'processed'
        : quarantined.has(id)
          ? `quarantined:${quarantined.get(id)!.code}`
          : undefined,
    copies: (id) => processed.get(id)?.copies ?? quarantined.get(id)?.copies ?? 0,
    rawObject: (key) => rawObjects.get(key),
    processedObject: (key) => processedObjects.get(key),
  };
  const produced = new Set(sent.map((record) => record.recordId));
  for (const record of sent) {
    const found = lake.landing(record.recordId);
    if (found === undefined) audit.missing.push(record);
    else if (found !== expectedLanding(record)) audit.misplaced.push({ record, found });
  }
  for (const id of [...processed.keys(), ...quarantined.keys()]) if (!produced.has(id)) audit.strays.push(id);
  return { audit, lake };
}
