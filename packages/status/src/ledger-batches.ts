/**
 * What a shard's ingest ledger items say (docs/architecture.md §4): its newest batch, how far
 * into the stream the ledger has recorded, and what was quarantined. Pure.
 */

/** The fields of an ingest ledger item that status reads. */
export interface LedgerBatch {
  batchId: string;
  processedAt: string;
  totalRecords: number;
  failedRecords: number;
  lastSequenceNumber: string;
  /** Set when some object of the batch could not be written: the stream resumes at this record. */
  retryFromSequenceNumber?: string;
}

/** Where a shard's first record that no batch covers is. */
export type UnrecordedFrom = { afterSequenceNumber: string } | { atSequenceNumber: string } | 'trim-horizon';

/**
 * The first record no batch covers: after the furthest last record of the batches, or at the
 * record a partly written batch resumes from. Furthest by sequence number, not by time: a
 * redriven or replayed batch is recorded late but covers records long passed.
 */
export function unrecordedFrom(batches: readonly LedgerBatch[]): UnrecordedFrom {
  let furthest: { next: bigint; from: UnrecordedFrom } | undefined;
  for (const batch of batches) {
    const candidate =
      batch.retryFromSequenceNumber === undefined
        ? {
            next: BigInt(batch.lastSequenceNumber) + 1n,
            from: { afterSequenceNumber: batch.lastSequenceNumber },
          }
        : {
            next: BigInt(batch.retryFromSequenceNumber),
            from: { atSequenceNumber: batch.retryFromSequenceNumber },
          };
    if (furthest === undefined || candidate.next > furthest.next) furthest = candidate;
  }
  return furthest?.from ?? 'trim-horizon';
}

/** The batch processed last (ISO times compare as strings). */
export function newestBatch(batches: readonly LedgerBatch[]): LedgerBatch | undefined {
  return batches.reduce<LedgerBatch | undefined>(
    (newest, batch) => (newest === undefined || batch.processedAt > newest.processedAt ? batch : newest),
    undefined,
  );
}

/** Records quarantined by the batches processed at or after `since`, and how many batches quarantined any. */
export function quarantinedSince(
  batches: readonly LedgerBatch[],
  since: Date,
): { records: number; batches: number } {
  const start = since.toISOString();
  const quarantining = batches.filter((batch) => batch.processedAt >= start && batch.failedRecords > 0);
  return {
    records: quarantining.reduce((sum, batch) => sum + batch.failedRecords, 0),
    batches: quarantining.length,
  };
}
