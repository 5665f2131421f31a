/**
 * The accounting of one run: what this run's producer sent (and the last sequence number it
 * got on each shard), the invocations of both functions, which records the ingest mapping
 * completed or dead-lettered, which records went to the transform DLQ inside a raw object, and
 * every record read from the stream whoever produced it (e.g. `npm run produce` into
 * `--keep-alive`). The status line, `settle` and the reconciliation read it.
 */
import type { ShardRecord } from '../kinesis/lambda-event.js';
import type { ProducedRecord } from '../producer/producer.js';
import { expectationOf } from './expectation.js';
import type { Landing } from './lake-tracker.js';
import { positionKey, type Reconciliation, reconcile } from './reconcile.js';

export interface PipelineCounters {
  ingestInvocations: number;
  ingestErrors: number;
  /** Records the ingest function completed (checkpointed). */
  ingested: number;
  transformInvocations: number;
  transformErrors: number;
  /** Records whose ingest batch went to the ingest DLQ. */
  ingestDeadLettered: number;
  /** Events (raw objects) that went to the transform DLQ. */
  transformDeadLettered: number;
}

export interface RunAccounting {
  counters(): PipelineCounters;
  produced(): number;
  recordProduced(records: readonly ProducedRecord[]): void;
  ingestInvoked(failed: boolean): void;
  /** Records the ingest mapping checkpointed past. */
  ingested(records: readonly ShardRecord[]): void;
  /** Records of an ingest batch the mapping sent to its on-failure destination. */
  ingestDeadLettered(records: readonly ShardRecord[]): void;
  transformInvoked(failed: boolean): void;
  /** A transform event sent to its on-failure destination; `positions`: its records' stream positions, once read. */
  transformDeadLettered(positions: Promise<string[]>): void;
  /** Dead-lettered objects still being read. */
  pendingReads(): number;
  /** Whether every produced record has landed in the lake or been dead-lettered. */
  accounted(landings: ReadonlyMap<string, Landing>): boolean;
  /** Whether the mapping has checkpointed each shard up to the last record produced on it. */
  checkpointedAll(checkpoints: ReadonlyMap<string, string>): boolean;
  /** This run's producer knows what it sent; the others' records are judged as read from the stream. */
  reconcile(landings: ReadonlyMap<string, Landing>): Reconciliation;
}

export function createRunAccounting(): RunAccounting {
  const counters: PipelineCounters = {
    ingestInvocations: 0,
    ingestErrors: 0,
    ingested: 0,
    transformInvocations: 0,
    transformErrors: 0,
    ingestDeadLettered: 0,
    transformDeadLettered: 0,
  };
  const produced: ProducedRecord[] = [];
  const lastProduced = new Map<string, bigint>();
  const deadLettered = new Set<string>();
  const fromStream = new Map<string, ShardRecord>();
  let reads = 0;

  return {
    counters: () => ({ ...counters }),
    produced: () => produced.length,
    recordProduced(records) {
      for (const record of records) {
        produced.push(record);
        const sequence = BigInt(record.sequenceNumber);
        if (sequence > (lastProduced.get(record.shardId) ?? -1n)) lastProduced.set(record.shardId, sequence);
      }
    },
    ingestInvoked(failed) {
      counters.ingestInvocations++;
      if (failed) counters.ingestErrors++;
    },
    ingested(records) {
      counters.ingested += records.length;
      for (const record of records) fromStream.set(positionKey(record), record);
    },
    ingestDeadLettered(records) {
      counters.ingestDeadLettered += records.length;
      for (const record of records) {
        deadLettered.add(positionKey(record));
        fromStream.set(positionKey(record), record);
      }
    },
    transformInvoked(failed) {
      counters.transformInvocations++;
      if (failed) counters.transformErrors++;
    },
    transformDeadLettered(positions) {
      counters.transformDeadLettered++;
      reads++;
      positions
        .then((keys) => {
          for (const key of keys) deadLettered.add(key);
        })
        .catch(() => undefined)
        .finally(() => reads--);
    },
    pendingReads: () => reads,
    accounted: (landings) =>
      produced.every((record) => landings.has(record.recordId) || deadLettered.has(positionKey(record))),
    checkpointedAll(checkpoints) {
      for (const [shardId, last] of lastProduced) {
        const checkpoint = checkpoints.get(shardId);
        if (checkpoint === undefined || BigInt(checkpoint) < last) return false;
      }
      return true;
    },
    reconcile(landings) {
      const known = new Set(produced.map(positionKey));
      const others = [...fromStream.entries()]
        .filter(([position]) => !known.has(position))
        .map(([, record]) => expectationOf(record));
      return reconcile([...produced, ...others], landings, deadLettered);
    },
  };
}
