/** The ledger item of one transformed raw object (docs/architecture.md §5). Pure. */
import { createHash } from 'node:crypto';
import { type LedgerItem, ledgerExpiry } from '@event-pipeline/runtime';

export interface TransformLedgerItem extends LedgerItem {
  stage: 'transform';
  source_bucket: string;
  source_key: string;
  /** The raw object's version id, else its ETag (unversioned bucket), else ''. */
  source_version: string;
  destination_key: string;
  quarantine_keys: string[];
  record_count: number;
  failed_records: number;
}

export interface LedgerFacts {
  source: { bucket: string; key: string; versionId?: string | undefined; eTag?: string | undefined };
  destinationKey: string;
  quarantineKeys: string[];
  recordCount: number;
  failedRecords: number;
  startedAt: Date;
  finishedAt: Date;
}

/** Deterministic: the same raw object version always has the same batch id. */
export function transformBatchId(source: LedgerFacts['source']): string {
  const version = source.versionId ?? source.eTag ?? '';
  return `transform-${createHash('sha256').update(`s3://${source.bucket}/${source.key}#${version}`).digest('hex')}`;
}

export function transformLedgerItem(facts: LedgerFacts): TransformLedgerItem {
  const { source, finishedAt } = facts;
  return {
    batch_id: transformBatchId(source),
    processed_at: finishedAt.toISOString(),
    stage: 'transform',
    source_bucket: source.bucket,
    source_key: source.key,
    source_version: source.versionId ?? source.eTag ?? '',
    destination_key: facts.destinationKey,
    quarantine_keys: facts.quarantineKeys,
    record_count: facts.recordCount,
    failed_records: facts.failedRecords,
    duration_ms: finishedAt.getTime() - facts.startedAt.getTime(),
    ttl: ledgerExpiry(finishedAt),
  };
}
