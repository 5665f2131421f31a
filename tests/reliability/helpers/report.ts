/** The fault run's figures, as the test and `npm run test:faults` print them. */
import { table } from '@event-pipeline/cli';
import { dynamoWriteCalls, failedS3Writes, s3WriteCalls, throttledDynamoWrites } from './fault-injector.js';
import type { FaultRunReport } from './scenario.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Dead-lettered records and objects that the redrive did not bring back into the lake (none may be). */
export function unrecoveredDeadLetters(report: FaultRunReport): string[] {
  const records = report.deadLettered.ingest
    .flatMap((batch) => batch.records)
    .filter((record) => !record.redriven || record.found !== record.expected)
    .map(
      (record) =>
        `record ${record.position}: ${record.redriven ? '' : 'not redriven, '}found ${record.found}`,
    );
  const objects = report.deadLettered.transform
    .filter(
      (object) =>
        !object.redriven ||
        object.rawRecords === undefined ||
        JSON.stringify(object.processedRecords) !== JSON.stringify(object.rawRecords),
    )
    .map(
      (object) =>
        `object ${object.key}: ${object.redriven ? 'not transformed line for line' : 'not redriven'}`,
    );
  const short = report.deadLettered.ingest
    .filter((batch) => batch.records.length !== batch.batchSize)
    .map(
      (batch) =>
        `batch ${batch.shardId} ${batch.startSequenceNumber}: ${batch.records.length} of ${batch.batchSize} records known`,
    );
  return [...records, ...objects, ...short];
}

export function formatReport(report: FaultRunReport): string {
  const { faults, audit, underFaults } = report;
  const s3Failed = failedS3Writes(faults);
  const throttled = throttledDynamoWrites(faults);
  const byCommand = Object.entries(faults.s3Writes)
    .map(([command, count]) => `${command.replace('Command', '')} ${count.failed}/${count.calls}`)
    .join(', ');
  const crashes = faults.ingestCrashes;
  const redriven = (queue: 'ingest' | 'transform') =>
    report.redrives
      .filter((summary) => summary.queue === queue)
      .reduce((sum, summary) => sum + summary.redriven, 0);
  const deadRecords = report.deadLettered.ingest.reduce((sum, batch) => sum + batch.records.length, 0);
  const unrecovered = unrecoveredDeadLetters(report).length;
  return table([
    ['events', `${report.events} (${report.valid} valid, ${report.poison} poison), seed ${report.seed}`],
    [
      'S3 writes failed',
      `${s3Failed} of ${s3WriteCalls(faults)} (${percent(s3Failed, s3WriteCalls(faults))}: ${byCommand})`,
    ],
    [
      'DynamoDB throttled',
      `${throttled} of ${dynamoWriteCalls(faults)} writes (${percent(throttled, dynamoWriteCalls(faults))})`,
    ],
    [
      'ingest crashes',
      `${crashes.beforeWork + crashes.afterWork} of ${faults.ingestInvocations} invocations (${crashes.beforeWork} before any write, ${crashes.afterWork} after all of them)`,
    ],
    [
      'transform 1st attempts failed',
      `${faults.transformFirstAttemptFailures} of ${faults.transformFirstAttempts} objects (${percent(faults.transformFirstAttemptFailures, faults.transformFirstAttempts)})`,
    ],
    [
      'until the incident ends',
      `${faults.ingestFatal.records.length} fatal records (${faults.ingestFatal.crashes} ingest crashes), ${faults.transformOutages.objects.length} objects under outage (${faults.transformOutages.failures} attempts failed)`,
    ],
    [
      'under faults',
      `ingest ${underFaults.ingestInvocations} invocations (${underFaults.ingestErrors} failed), transform ${underFaults.transformInvocations} (${underFaults.transformErrors} failed)${report.settledUnderFaults ? '' : '; NOT settled when the faults stopped'}`,
    ],
    [
      'dead-lettered',
      `ingest DLQ ${report.dlqAfterFaults.ingest} batches (${underFaults.ingestDeadLettered} records), transform DLQ ${report.dlqAfterFaults.transform} objects`,
    ],
    [
      'redriven',
      `ingest ${redriven('ingest')} messages (${deadRecords} records), transform ${redriven('transform')} messages; ${unrecovered} dead-lettered records or objects not back in the lake`,
    ],
    [
      'crashed before writing',
      `${report.crashedBeforeWork.length} records, ${report.crashedBeforeWork.filter((record) => record.found === record.expected).length} of them landed afterwards`,
    ],
    ['DLQs at the end', `ingest ${report.dlqAtEnd.ingest}, transform ${report.dlqAtEnd.transform}`],
    ['processed', `${audit.uniqueProcessed} unique records in ${audit.processedLines} lines`],
    ['quarantined', `${audit.quarantinedLines} lines (${report.poison} poison records)`],
    [
      'lost',
      `${audit.missing.length} missing, ${audit.misplaced.length} misplaced, ${audit.strays.length} strays`,
    ],
    [
      'duplicates',
      `${audit.duplicateLines} lines: duplicate rate ${(100 * audit.duplicateRate).toFixed(2)}% (${audit.inconsistentDuplicates.length} differing from their original); ${report.duplicates.redeliveries} re-deliveries, ${report.duplicates.beyondRuns.length} records with more copies than deliveries, ${audit.unmatchedObjects.length} raw objects not transformed line for line`,
    ],
    [
      'compacted',
      `${report.compaction.partitions} partitions, ${report.compaction.rows} rows, ${report.compaction.duplicatesDropped} duplicates dropped, ${report.compaction.conflicts} conflicts, ${report.compaction.quarantined} lines quarantined${report.compaction.error ? `; FAILED: ${report.compaction.error}` : ''}`,
    ],
    [
      'curated (DuckDB)',
      `${report.curated.curatedRows} rows for ${report.curated.processedRecords} processed records: ${report.curated.missing.length} missing, ${report.curated.duplicated.length} more than once, ${report.curated.strays.length} strays, ${report.curated.validNotCurated.length} valid records sent not curated`,
    ],
    [
      'time',
      `${seconds(report.timings.totalMs)} (produce ${seconds(report.timings.produceMs)}, settle ${seconds(report.timings.settleMs)}, recover ${seconds(report.timings.recoverMs)}, compact ${seconds(report.timings.compactMs)})`,
    ],
  ]);
}
