/**
 * The fault run's verdict, read from the buckets themselves: every valid record by its record
 * id in processed/, every invalid one in the raw bucket's quarantine/ with the reason it was
 * made with, nothing else there, and every duplicate a re-delivery (the same record id, the
 * same content apart from when and from which raw object it was processed).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { StackFile } from '@event-pipeline/local';
import { identifyLine } from '@event-pipeline/schema';
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
  /** Records found nowhere they belong. */
  missing: SentRecord[];
  /** Valid records quarantined, invalid ones processed, or quarantined with another reason. */
  misplaced: Array<{ record: SentRecord; found: string }>;
  /** Record ids in the lake that were never produced. */
  strays: string[];
  /** Record ids whose copies differ in more than the processing time and lineage. */
  inconsistentDuplicates: string[];
}

/** A processed line without what legitimately differs between two deliveries of one record. */
function deliveryContent(line: Record<string, unknown>): string {
  const { processed_timestamp: _at, metadata, ...content } = line;
  const { raw_object: _from, ...rest } = (metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...content, metadata: rest });
}

export async function auditLake(
  s3: S3Client,
  stack: StackFile,
  sent: readonly SentRecord[],
): Promise<LakeAudit> {
  const processed = new Map<string, { copies: number; content: string }>();
  const inconsistent = new Set<string>();
  let processedLines = 0;
  for (const body of (await readObjects(s3, stack.processedBucket, 'processed/')).values()) {
    for (const line of linesOf(body)) {
      processedLines++;
      const id = String(line.record_id);
      const content = deliveryContent(line);
      const seen = processed.get(id);
      if (seen === undefined) processed.set(id, { copies: 1, content });
      else {
        seen.copies++;
        if (seen.content !== content) inconsistent.add(id);
      }
    }
  }
  const quarantined = new Map<string, string | undefined>();
  let quarantinedLines = 0;
  for (const body of (await readObjects(s3, stack.rawBucket, 'quarantine/')).values()) {
    for (const line of linesOf(body)) {
      quarantinedLines++;
      const identity = identifyLine(line);
      if (identity !== undefined) quarantined.set(identity.id, identity.code);
    }
  }
  const transformQuarantine = await readObjects(s3, stack.processedBucket, 'quarantine/');

  const audit: LakeAudit = {
    processedLines,
    uniqueProcessed: processed.size,
    duplicateLines: processedLines - processed.size,
    duplicateRate: 0,
    quarantinedLines,
    transformQuarantineLines: [...transformQuarantine.values()].reduce(
      (n, body) => n + linesOf(body).length,
      0,
    ),
    missing: [],
    misplaced: [],
    strays: [],
    inconsistentDuplicates: [...inconsistent],
  };
  const produced = new Set(sent.map((record) => record.recordId));
  for (const record of sent) {
    const inProcessed = processed.has(record.recordId);
    const inQuarantine = quarantined.has(record.recordId);
    if (!inProcessed && !inQuarantine) audit.missing.push(record);
    else if (record.valid && !inProcessed) audit.misplaced.push({ record, found: 'quarantine' });
    else if (!record.valid && inProcessed) audit.misplaced.push({ record, found: 'processed' });
    else if (!record.valid && quarantined.get(record.recordId) !== record.expectedCode)
      audit.misplaced.push({ record, found: `quarantine with ${quarantined.get(record.recordId)}` });
  }
  for (const id of [...processed.keys(), ...quarantined.keys()]) if (!produced.has(id)) audit.strays.push(id);
  audit.duplicateRate = processed.size === 0 ? 0 : audit.duplicateLines / processed.size;
  return audit;
}
