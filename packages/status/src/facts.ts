/**
 * What `npm run status` reads about a stack (docs/architecture.md §11): plain data, printed as
 * is by `--json`. Ages are relative to `readAt`. A part that could not be read holds
 * `{ error }` instead, so that the rest is still shown.
 */

export interface ReadError {
  error: string;
}

export const isReadError = (value: object): value is ReadError => 'error' in value;

export interface StatusFacts {
  target: {
    /** Where, for people. */
    description: string;
    stage: string;
    region: string;
    /** A deployed stage, not the local stack: CloudWatch is there to ask. */
    deployed: boolean;
  };
  /** When the facts were read (ISO 8601). */
  readAt: string;
  /** The stage's `alarmIteratorAgeThresholdMs`: how far behind a shard may be. */
  iteratorAgeThresholdMs: number;
  stream: { name: string; shards: ShardFacts[] | ReadError };
  deadLetterQueues: QueueFacts[];
  quarantine: QuarantineFacts;
  pendingPartitions: PendingPartitionFacts | ReadError;
  cloudWatch: CloudWatchFacts;
}

export interface ShardFacts {
  shardId: string;
  /** Split or merged: it takes no new records. */
  closed: boolean;
  /** The newest ingest batch the ledger recorded for the shard. */
  lastBatch?: {
    batchId: string;
    processedAt: string;
    ageMs: number;
    records: number;
    lastSequenceNumber: string;
  };
  /**
   * The oldest record of the shard that no ledger batch covers yet; absent when the ledger has
   * recorded everything up to the stream's tip.
   */
  oldestUnrecorded?: { sequenceNumber: string; arrivedAt: string };
  /**
   * How far the ledger is behind the stream: the age of `oldestUnrecorded`, 0 at the tip. Like
   * Lambda's IteratorAge, plus the time the batch in flight takes.
   */
  behindMs: number;
}

export type DeadLetterQueue = 'ingest' | 'transform' | 'compact';

export interface QueueFacts {
  queue: DeadLetterQueue;
  /** The queue's URL, or its name when it could not be found. */
  address: string;
  /** ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible. */
  depth?: { visible: number; inFlight: number };
  /** Why there is no depth although nothing failed: the stack has no such queue (yet). */
  absent?: string;
  error?: string;
}

export interface QuarantineFacts {
  /** The start of the hour looked at (ISO 8601). */
  since: string;
  /** Records the ingest function quarantined, from its ledger batches of the hour: exact. */
  ingestLedger: { records: number; batches: number } | ReadError;
  /**
   * Quarantine objects written in the hour, by bucket and reason, from listings (objects, not
   * records: status never reads what was quarantined).
   */
  objects: QuarantineObjects[] | ReadError;
}

export interface QuarantineObjects {
  bucket: 'raw' | 'processed';
  reason: string;
  objects: number;
}

export interface PendingPartitionFacts {
  count: number;
  /** The pending partition whose last processed object is the oldest. */
  oldest?: { partition: string; lastProcessedAt: string; ageMs: number };
}

export type CloudWatchFacts =
  | { available: false; reason: string }
  | {
      available: true;
      alarmsInAlarm: AlarmFacts[] | ReadError;
      /** The ingest function's IteratorAge (Maximum per minute) over the last minutes. */
      iteratorAge: IteratorAgeFacts | ReadError;
    };

export interface AlarmFacts {
  name: string;
  reason: string;
  since: string;
}

export interface IteratorAgeFacts {
  functionName: string;
  windowMinutes: number;
  /** The newest datapoint; absent when the function read nothing in the window. */
  latest?: { valueMs: number; at: string };
}
