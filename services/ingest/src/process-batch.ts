/**
 * One Kinesis batch, end to end: plan the objects, write them (bounded concurrency, every
 * write settled), record the batch in the ledger, and tell the event source where to
 * resume. Records are never dropped: an invalid one is quarantined, an unwritten one is
 * reported so that Lambda retries it, and after the retries the mapping's on-failure
 * destination (kinesis-processor-dlq) receives it.
 */
import { type LedgerWriter, type MetricsSink, type Observability, settleAll } from '@event-pipeline/runtime';
import type { KinesisStreamBatchResponse, KinesisStreamRecord } from 'aws-lambda';
import type { RawLake } from './adapters/raw-lake.js';
import { batchResponse, retryFrom, splitOutcome } from './batch-outcome.js';
import { planBatch } from './batch-plan.js';
import { type IngestLedgerItem, ingestLedgerItem } from './ledger-item.js';
import { publishBatchMetrics } from './metrics.js';

export interface BatchProcessorDeps {
  rawLake: RawLake;
  ledger: LedgerWriter<IngestLedgerItem>;
  writeConcurrency: number;
  logger: Pick<Observability['logger'], 'info' | 'warn' | 'error'>;
  metrics: MetricsSink;
  now: () => Date;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function processBatch(
  records: readonly KinesisStreamRecord[],
  { rawLake, ledger, writeConcurrency, logger, metrics, now }: BatchProcessorDeps,
): Promise<KinesisStreamBatchResponse> {
  if (records.length === 0) return batchResponse(undefined);
  const startedAt = now();
  const plan = planBatch(records);

  const results = await settleAll(plan.objects, writeConcurrency, (object) =>
    rawLake.put(object.key, object.body),
  );
  const { written, failed } = splitOutcome(plan.objects, results);
  let resumeAt = retryFrom(failed);
  for (const { object, error } of failed) {
    logger.error('object not written; the stream will resume at its first record', {
      key: object.key,
      first_sequence_number: object.firstSequenceNumber,
      error: describeError(error),
    });
  }
  if (plan.quarantinedRecords > 0) {
    logger.warn('records quarantined', { quarantined: plan.quarantinedByCode, shard_id: plan.shardId });
  }

  const item = ingestLedgerItem({ plan, written, resumeAt, startedAt, finishedAt: now() });
  let ledgerWritesFailed = 0;
  try {
    await ledger.put(item);
  } catch (error) {
    // Retry the whole batch: its objects are overwritten under the same names, and the
    // ledger gets another chance. Swallowing this would leave the batch unrecorded.
    ledgerWritesFailed = 1;
    resumeAt = plan.firstSequenceNumber;
    logger.error('ledger item not written; the whole batch will be retried', {
      batch_id: item.batch_id,
      error: describeError(error),
    });
  }

  const durationMs = now().getTime() - startedAt.getTime();
  publishBatchMetrics(metrics, {
    received: plan.totalRecords,
    valid: plan.validRecords,
    quarantined: plan.quarantinedRecords,
    objectsWritten: written.length,
    objectWritesFailed: failed.length,
    ledgerWritesFailed,
    durationMs,
  });
  logger.info('batch processed', {
    batch_id: item.batch_id,
    records: plan.totalRecords,
    valid: plan.validRecords,
    quarantined: plan.quarantinedRecords,
    objects_written: written.length,
    objects_failed: failed.length,
    resume_at: resumeAt,
    duration_ms: durationMs,
  });
  return batchResponse(resumeAt);
}
