/** The ledger item of one compaction (docs/architecture.md §8). Pure. */
import { createHash } from 'node:crypto';
import { ledgerExpiry } from '@event-pipeline/runtime';
import type { PartitionOutcome } from './compact-partition.js';

export interface CompactLedgerItem {
  /** Deterministic: the partition and the version of its item that the compaction covered. */
  batch_id: string;
  processed_at: string;
  stage: 'compact';
  partition: string;
  partition_version: number;
  /** How many processed objects were read, their bytes, and a SHA-256 of their keys (the list can be ~70,000 long). */
  source_objects: number;
  source_bytes: number;
  source_keys_sha256: string;
  /** Non-blank lines read. */
  lines: number;
  rows: number;
  duplicates_dropped: number;
  conflicts: number;
  /** Lines that did not parse, failed the schema or were in the wrong partition. */
  quarantined: number;
  quarantine_keys: string[];
  output_key: string;
  output_bytes: number;
  row_groups: number;
  duration_ms: number;
  ttl: number;
}

/** What one partition's compaction did (compactPartition's outcome), and under which lease, when. */
export interface CompactionFacts extends PartitionOutcome {
  version: number;
  startedAt: Date;
  finishedAt: Date;
}

export function compactBatchId(partition: string, version: number): string {
  return `compact#${partition}#${version}`;
}

export function compactLedgerItem(facts: CompactionFacts): CompactLedgerItem {
  return {
    batch_id: compactBatchId(facts.partition, facts.version),
    processed_at: facts.finishedAt.toISOString(),
    stage: 'compact',
    partition: facts.partition,
    partition_version: facts.version,
    source_objects: facts.sourceKeys.length,
    source_bytes: facts.sourceBytes,
    source_keys_sha256: createHash('sha256').update(facts.sourceKeys.join('\n')).digest('hex'),
    lines: facts.lines,
    rows: facts.rows,
    duplicates_dropped: facts.duplicates,
    conflicts: facts.conflicts,
    quarantined: facts.quarantined,
    quarantine_keys: facts.quarantineKeys,
    output_key: facts.outputKey,
    output_bytes: facts.outputBytes,
    row_groups: facts.rowGroups,
    duration_ms: facts.finishedAt.getTime() - facts.startedAt.getTime(),
    ttl: ledgerExpiry(facts.finishedAt),
  };
}
