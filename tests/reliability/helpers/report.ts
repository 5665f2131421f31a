/** The fault run's figures, as the test and `npm run test:faults` print them. */
import { table } from '@event-pipeline/cli';
import { dynamoWriteCalls, failedS3Writes, s3WriteCalls, throttledDynamoWrites } from './fault-injector.js';
import type { FaultRunReport } from './scenario.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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
      'under faults',
      `ingest ${underFaults.ingestInvocations} invocations (${underFaults.ingestErrors} failed), transform ${underFaults.transformInvocations} (${underFaults.transformErrors} failed)`,
    ],
    [
      'dead-lettered',
      `ingest DLQ ${report.dlqAfterFaults.ingest} batches (${underFaults.ingestDeadLettered} records), transform DLQ ${report.dlqAfterFaults.transform} objects`,
    ],
    ['redriven', `ingest ${redriven('ingest')} messages, transform ${redriven('transform')} messages`],
    ['DLQs at the end', `ingest ${report.dlqAtEnd.ingest}, transform ${report.dlqAtEnd.transform}`],
    ['processed', `${audit.uniqueProcessed} unique records in ${audit.processedLines} lines`],
    ['quarantined', `${audit.quarantinedLines} lines (${report.poison} poison records)`],
    [
      'lost',
      `${audit.missing.length} missing, ${audit.misplaced.length} misplaced, ${audit.strays.length} strays`,
    ],
    [
      'duplicates',
      `${audit.duplicateLines} lines: duplicate rate ${(100 * audit.duplicateRate).toFixed(2)}% (${audit.inconsistentDuplicates.length} differing from their original)`,
    ],
    [
      'time',
      `${seconds(report.timings.totalMs)} (produce ${seconds(report.timings.produceMs)}, settle ${seconds(report.timings.settleMs)}, recover ${seconds(report.timings.recoverMs)})`,
    ],
  ]);
}
