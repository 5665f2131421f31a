/** The ledger item of one transformed raw object (design.md §5). Pure. */
import { createHash } from 'node:crypto';
import { ledgerExpiry } from '@event-pipeline/runtime';

export interface TransformLedgerItem {
  /** Deterministic: the same raw object version always has the same batch id. */
  batch_id: string;
  processed_at: string;
  stage: 'transform';
  source_bucket: string;
  source_key: string;
  /** The raw object's version id, else its ETag (unversioned bucket), else ''. */
  source_version: string;
  destination_key: string;
  quarantine_keys: string[];
  record_count: number;
  failed_records: number;
  duration_ms: number;
  /** Epoch seconds. */
  ttl: number;
}

export interface LedgerInput {
  source: { bucket: string; key: string; versionId?: string | undefined; eTag?: string | undefined };
  destinationKey: string;
  quarantineKeys: string[];
  recordCount: number;
  failedRecords: number;
  startedAt: Date;
  finishedAt: Date;
}

export function transformBatchId(source: LedgerInput['source']): string {
  const version = source.versionId ?? source.eTag ?? '';
  return `transform-${createHash('sha256').update(`s3://${source.bucket}/${source.key}#${version}`).digest('hex')}`;
}

export function buildLedgerItem(input: LedgerInput): TransformLedgerItem {
  const { source, finishedAt } = input;
  return {
    batch_id: transformBatchId(source),
    processed_at: finishedAt.toISOString(),
    stage: 'transform',
    source_bucket: source.bucket,
    source_key: source.key,
    source_version: source.versionId ?? source.eTag ?? '',
    destination_key: input.destinationKey,
    quarantine_keys: input.quarantineKeys,
    record_count: input.recordCount,
    failed_records: input.failedRecords,
    duration_ms: finishedAt.getTime() - input.startedAt.getTime(),
    ttl: ledgerExpiry(finishedAt),
  };
}
