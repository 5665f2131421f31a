/**
 * How a Kinesis event source mapping reads a function's answer to a batch
 * (ReportBatchItemFailures): success, a partial failure from the lowest reported sequence
 * number on, a function error (thrown, or timed out), or a malformed response that Lambda
 * treats as a failure of the whole batch.
 */
import type { ShardRecord } from './lambda-event.js';

export type BatchOutcome =
  | { kind: 'success' }
  | { kind: 'partial'; failedIndex: number }
  | { kind: 'function-error'; error: Error }
  | { kind: 'invalid-response'; reason: string };

export function batchOutcome(
  records: readonly ShardRecord[],
  result: { ok: true; response: unknown } | { ok: false; error: Error },
  reportBatchItemFailures: boolean,
): BatchOutcome {
  if (!result.ok) return { kind: 'function-error', error: result.error };
  if (!reportBatchItemFailures) return { kind: 'success' };
  const response = result.response;
  if (response === null || response === undefined) return { kind: 'success' };
  if (typeof response !== 'object') return { kind: 'success' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures))
    return { kind: 'invalid-response', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const index = new Map(records.map((record, i) => [record.sequenceNumber, i]));
  let failedIndex = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '')
      return {
        kind: 'invalid-response',
        reason: `itemIdentifier ${JSON.stringify(id)} is empty or not a string`,
      };
    const at = index.get(id);
    if (at === undefined)
      return { kind: 'invalid-response', reason: `itemIdentifier ${id} is not in the batch` };
    failedIndex = Math.min(failedIndex, at);
  }
  return { kind: 'partial', failedIndex };
}
