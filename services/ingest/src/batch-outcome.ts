/**
 * What the event source must be told after the writes settle. Lambda checkpoints a Kinesis
 * shard at the reported sequence number and retries from there, so the report names the
 * lowest sequence number of any object that was not written: every record below it sits in
 * an object that was (an object's records are all at or above its first sequence number).
 */
import type { KinesisStreamBatchResponse } from 'aws-lambda';
import type { PlannedObject } from './batch-plan.js';

export interface WriteOutcome {
  written: PlannedObject[];
  failed: Array<{ object: PlannedObject; error: unknown }>;
}

export function splitOutcome(
  objects: readonly PlannedObject[],
  results: readonly PromiseSettledResult<unknown>[],
): WriteOutcome {
  const outcome: WriteOutcome = { written: [], failed: [] };
  objects.forEach((object, index) => {
    const result = results[index];
    if (result?.status === 'fulfilled') outcome.written.push(object);
    else outcome.failed.push({ object, error: result?.reason });
  });
  return outcome;
}

/** The lowest first-sequence-number among objects that were not written, if any. */
export function retryFrom(failed: WriteOutcome['failed']): string | undefined {
  let lowest: bigint | undefined;
  for (const { object } of failed) {
    const sequence = BigInt(object.firstSequenceNumber);
    if (lowest === undefined || sequence < lowest) lowest = sequence;
  }
  return lowest?.toString();
}

/** The ReportBatchItemFailures response: empty, or the one record to resume from. */
export function batchResponse(resumeAt: string | undefined): KinesisStreamBatchResponse {
  return { batchItemFailures: resumeAt === undefined ? [] : [{ itemIdentifier: resumeAt }] };
}
