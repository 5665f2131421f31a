/**
 * One raw object, end to end: stream its lines, write every processed line to the processed
 * object and every line it cannot transform to a quarantine object (one per reason), mark the
 * partition pending for the compactor, then put the ledger item. Any read or write failure
 * (the mark included) abandons what is not stored yet and throws, so that the invocation fails
 * and Lambda's retries (then the DLQ) take over; a retry rewrites the same keys and marks again.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { LedgerWriter } from '@event-pipeline/runtime';
import type { QuarantineCode } from '@event-pipeline/schema';
import { JsonLinesUpload } from './adapters/json-lines-upload.js';
import { readObjectLines } from './adapters/object-lines.js';
import type { PendingPartitions } from './adapters/pending-partitions.js';
import { EarliestTime } from './earliest-time.js';
import type { Thresholds } from './enrichment/thresholds.js';
import { type TransformLedgerItem, transformLedgerItem } from './ledger-item.js';
import { quarantineLine, type Transformed, transformLine } from './lines.js';
import { partitionOfRawKey, processedKey, quarantineKey } from './object-keys.js';
import { type SourceObject, s3Uri } from './s3-event.js';

export interface ObjectProcessorDeps {
  s3: S3Client;
  processedBucket: string;
  thresholds: Thresholds;
  ledger: LedgerWriter<TransformLedgerItem>;
  partitions: PendingPartitions;
  now: () => Date;
}

export interface ObjectStats {
  recordCount: number;
  failedRecords: number;
  anomalies: number;
  highValueTransactions: number;
  /** Epoch ms of the oldest event timestamp written, for the end-to-end latency. */
  oldestEventTime: number | undefined;
}

export interface ObjectResult extends ObjectStats {
  ledgerItem: TransformLedgerItem;
  /** The partition marked pending; undefined when the key is outside the partition layout. */
  partition: string | undefined;
}

function tally(stats: ObjectStats, earliest: EarliestTime, line: Transformed): void {
  stats.recordCount++;
  const enrichment = line.enrichment as { is_anomaly?: boolean; is_high_value?: boolean };
  if (enrichment.is_anomaly === true) stats.anomalies++;
  if (enrichment.is_high_value === true) stats.highValueTransactions++;
  earliest.add(line.timestamp);
}

export async function processObject(deps: ObjectProcessorDeps, source: SourceObject): Promise<ObjectResult> {
  const { s3, processedBucket, now } = deps;
  const startedAt = now();
  const rawObject = s3Uri(source.bucket, source.key);
  const context = { rawObject, processedAt: startedAt.toISOString(), thresholds: deps.thresholds };
  const output = new JsonLinesUpload(s3, processedBucket, processedKey(source.key));
  const quarantines = new Map<QuarantineCode, JsonLinesUpload>();
  const stats: ObjectStats = {
    recordCount: 0,
    failedRecords: 0,
    anomalies: 0,
    highValueTransactions: 0,
    oldestEventTime: undefined,
  };

  const earliest = new EarliestTime();
  const uploads = (): JsonLinesUpload[] => [output, ...quarantines.values()];
  try {
    let lineNumber = 0;
    // Each batch of lines (a chunk of the body) is transformed synchronously; the awaits are per batch.
    for await (const lines of readObjectLines(s3, source)) {
      for (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue; // a blank line carries no record
        const outcome = transformLine(line, context);
        if (outcome.ok) {
          tally(stats, earliest, outcome);
          output.append(outcome.text);
          continue;
        }
        stats.failedRecords++;
        const { code } = outcome.error;
        let quarantine = quarantines.get(code);
        if (quarantine === undefined) {
          quarantine = new JsonLinesUpload(s3, processedBucket, quarantineKey(source.key, code));
          quarantines.set(code, quarantine);
        }
        const quarantinedAt = now().toISOString();
        quarantine.append(
          JSON.stringify(
            quarantineLine({ error: outcome.error, rawObject, lineNumber, quarantinedAt, line }),
          ),
        );
      }
      await Promise.all(uploads().map((upload) => upload.settle()));
    }
    await Promise.all(uploads().map((upload) => upload.close()));
  } catch (error) {
    await Promise.all(uploads().map((upload) => upload.abort(error as Error)));
    throw error;
  }

  // Only once the processed object is stored: a mark never points at an object not there yet.
  const partition = partitionOfRawKey(source.key);
  if (partition !== undefined) await deps.partitions.markPending(partition, now());

  const ledgerItem = transformLedgerItem({
    source,
    destinationKey: output.key,
    quarantineKeys: [...quarantines.values()].map((upload) => upload.key),
    recordCount: stats.recordCount,
    failedRecords: stats.failedRecords,
    startedAt,
    finishedAt: now(),
  });
  await deps.ledger.put(ledgerItem);
  return { ...stats, oldestEventTime: earliest.epochMs, ledgerItem, partition };
}
