/**
 * Transforms one raw object: streams its lines, writes every transformed record to the
 * processed object and every line it cannot transform to a quarantine object (one per
 * reason), then puts the ledger item. Any read or write failure abandons the outputs and
 * throws, so that the invocation fails and Lambda's retries (then the DLQ) take over;
 * a retry rewrites the same keys.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JsonLinesUpload } from './adapters/json-lines-upload.js';
import { putLedgerItem } from './adapters/ledger.js';
import { readObjectLines } from './adapters/object-lines.js';
import { EarliestTime } from './earliest-time.js';
import { processedKey, quarantineKey } from './keys.js';
import { type SourceObject, s3Uri } from './s3-event.js';
import { buildLedgerItem, type TransformLedgerItem } from './transform/ledger-item.js';
import type { OutputRecord } from './transform/output-record.js';
import { buildQuarantineRecord } from './transform/quarantine-record.js';
import type { Thresholds } from './transform/thresholds.js';
import { type QuarantineCode, transformLine } from './transform/transform-line.js';

export interface TransformObjectDeps {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  processedBucket: string;
  ledgerTable: string;
  thresholds: Thresholds;
  clock: () => Date;
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
}

function tally(stats: ObjectStats, earliest: EarliestTime, record: OutputRecord): void {
  stats.recordCount++;
  const enriched = record.enriched_data as { is_anomaly?: boolean; is_high_value?: boolean };
  if (enriched.is_anomaly === true) stats.anomalies++;
  if (enriched.is_high_value === true) stats.highValueTransactions++;
  earliest.add(record.original_timestamp);
}

export async function transformObject(
  deps: TransformObjectDeps,
  source: SourceObject,
): Promise<ObjectResult> {
  const { s3, processedBucket } = deps;
  const startedAt = deps.clock();
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
          tally(stats, earliest, outcome.record);
          output.append(JSON.stringify(outcome.record));
          continue;
        }
        stats.failedRecords++;
        const { code } = outcome.error;
        let quarantine = quarantines.get(code);
        if (quarantine === undefined) {
          quarantine = new JsonLinesUpload(s3, processedBucket, quarantineKey(source.key, code));
          quarantines.set(code, quarantine);
        }
        const quarantinedAt = deps.clock().toISOString();
        quarantine.append(
          JSON.stringify(
            buildQuarantineRecord({ error: outcome.error, rawObject, lineNumber, quarantinedAt, line }),
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

  const ledgerItem = buildLedgerItem({
    source,
    destinationKey: output.key,
    quarantineKeys: [...quarantines.values()].map((upload) => upload.key),
    recordCount: stats.recordCount,
    failedRecords: stats.failedRecords,
    startedAt,
    finishedAt: deps.clock(),
  });
  await putLedgerItem(deps.ddb, deps.ledgerTable, ledgerItem);
  return { ...stats, oldestEventTime: earliest.epochMs, ledgerItem };
}
