/** The ledger item of one ingest invocation (docs/architecture.md §4): what the batch became. Pure. */
import { type LedgerItem, ledgerExpiry } from '@event-pipeline/runtime';
import type { BatchPlan, PlannedObject } from './batch-plan.js';
import { batchId } from './object-keys.js';

export interface IngestLedgerItem extends LedgerItem {
  stage: 'ingest';
  shard_id: string;
  total_records: number;
  /** Valid records now in written raw objects. */
  success_records: number;
  /** Invalid records now in written quarantine objects. */
  failed_records: number;
  partitions_count: number;
  /** Keys of the objects written, raw and quarantine. */
  objects: string[];
  first_sequence_number: string;
  last_sequence_number: string;
  /** Only when some object could not be written: where the stream resumes (the reported record). */
  retry_from_sequence_number?: string;
}

export interface LedgerFacts {
  plan: BatchPlan;
  written: readonly PlannedObject[];
  resumeAt: string | undefined;
  startedAt: Date;
  finishedAt: Date;
}

const recordsIn = (objects: readonly PlannedObject[], kind: PlannedObject['kind']): number =>
  objects.reduce((sum, object) => (object.kind === kind ? sum + object.records : sum), 0);

export function ingestLedgerItem({
  plan,
  written,
  resumeAt,
  startedAt,
  finishedAt,
}: LedgerFacts): IngestLedgerItem {
  return {
    batch_id: batchId(plan.shardId, plan.firstSequenceNumber, plan.lastSequenceNumber),
    processed_at: finishedAt.toISOString(),
    stage: 'ingest',
    shard_id: plan.shardId,
    total_records: plan.totalRecords,
    success_records: recordsIn(written, 'raw'),
    failed_records: recordsIn(written, 'quarantine'),
    partitions_count: plan.objects.filter((object) => object.kind === 'raw').length,
    objects: written.map((object) => object.key),
    first_sequence_number: plan.firstSequenceNumber,
    last_sequence_number: plan.lastSequenceNumber,
    duration_ms: finishedAt.getTime() - startedAt.getTime(),
    ttl: ledgerExpiry(finishedAt),
    ...(resumeAt === undefined ? {} : { retry_from_sequence_number: resumeAt }),
  };
}
