/** What `npm start` prints while it runs and at the end. */
import type { PipelineStatus, Reconciliation } from '@event-pipeline/local';
import { table } from './table.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The live line. `dlqMessages`: what the two DLQs hold (see watchQueueDepths), whoever put it
 * there; without it, what this run's event sources dead-lettered.
 */
export function statusLine(status: PipelineStatus, elapsedMs: number, dlqMessages?: number): string {
  const dlq = dlqMessages ?? status.ingestDeadLettered + status.transformDeadLettered;
  const latency =
    status.processed > 0 ? `p50 ${seconds(status.latencyP50Ms)} p99 ${seconds(status.latencyP99Ms)}` : '-';
  return (
    `[${seconds(elapsedMs).padStart(7)}] produced ${status.produced} | ingested ${status.ingested} | ` +
    `transformed ${status.processed} | quarantined ${status.quarantined} | DLQ ${dlq} | latency ${latency}`
  );
}

export function summaryTable(
  result: Reconciliation,
  status: PipelineStatus,
  invalidProduced: number,
): string {
  const missing = result.missing.slice(0, 5).map((record) => `${record.shardId}:${record.sequenceNumber}`);
  const rows: Array<[string, string]> = [
    [
      'produced',
      `${status.produced} by this run's producer (${invalidProduced} invalid on purpose)` +
        (result.produced > status.produced
          ? `, ${result.produced - status.produced} by other producers`
          : ''),
    ],
    ['processed', `${result.processed} in processed/ of the processed bucket`],
    ['quarantined', `${result.quarantined} in quarantine/ with their reason`],
    [
      'dead-lettered',
      `${result.deadLettered} (ingest DLQ ${status.ingestDeadLettered} records, transform DLQ ${status.transformDeadLettered} objects)`,
    ],
    [
      'missing',
      result.missing.length === 0
        ? '0'
        : `${result.missing.length}: ${missing.join(', ')}${result.missing.length > 5 ? ', ...' : ''}`,
    ],
    ['misplaced', String(result.misplaced.length)],
    [
      'latency',
      status.processed > 0
        ? `p50 ${seconds(status.latencyP50Ms)}, p99 ${seconds(status.latencyP99Ms)} (record in the stream to processed object written)`
        : '-',
    ],
    [
      'invocations',
      `ingest ${status.ingestInvocations} (${status.ingestErrors} failed), transform ${status.transformInvocations} (${status.transformErrors} failed)`,
    ],
  ];
  for (const { record, landing } of result.misplaced.slice(0, 5)) {
    rows.push([
      '  misplaced',
      `${record.recordId.slice(0, 12)}… ${record.valid ? 'valid' : `invalid (${record.expectedCode})`} landed ${landing.kind}${landing.code ? ` (${landing.code})` : ''} in ${landing.object}`,
    ]);
  }
  return table(rows);
}

/** `<Id> (<Type>): skipped, <why>`, as the local stack notes a resource it does not create. */
const SKIPPED = /^\S+ \(([^)]+)\): skipped, (.+)$/;

/**
 * The local stack's notes for a reader: the many resources skipped for one reason (every alarm,
 * Glue table, policy... has no emulator) folded into one line per reason, counted by type;
 * every other note as it is.
 */
export function stackNotes(notes: readonly string[]): string[] {
  const skipped = new Map<string, Map<string, number>>();
  const others: string[] = [];
  for (const note of notes) {
    const match = SKIPPED.exec(note);
    if (match === null) {
      others.push(note);
      continue;
    }
    const [, type, why] = match as unknown as [string, string, string];
    const types = skipped.get(why) ?? new Map<string, number>();
    types.set(type, (types.get(type) ?? 0) + 1);
    skipped.set(why, types);
  }
  const folded = [...skipped].map(([why, types]) => {
    const count = [...types.values()].reduce((sum, n) => sum + n, 0);
    const list = [...types].map(([type, n]) => (n > 1 ? `${type} x${n}` : type)).join(', ');
    return `skipped ${count} resource${count === 1 ? '' : 's'} (${why}): ${list}`;
  });
  return [...others, ...folded];
}
