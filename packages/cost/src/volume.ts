/**
 * What the handlers write per invocation and per record, the shape of the figures measured.ts
 * holds (packages/cost/scripts/measure-volume.ts measures them).
 */
import type { EventType } from '@event-pipeline/schema';
import type { StageLogLevel } from './stage-settings.js';

export interface FunctionVolume {
  /** Application log lines and bytes per warm, healthy invocation, at each level. */
  logs: Readonly<Record<StageLogLevel, { lines: number; bytes: number }>>;
  /** EMF bytes per invocation: metrics are flushed whatever the log level. */
  emfBytesPerInvocation: number;
  /** The extra EMF blob of a cold start (the ColdStart metric). */
  coldStartEmfBytes: number;
  /** `<metric> [<dimensions>]`: each one custom metric to CloudWatch. */
  metrics: readonly string[];
}

export interface Measured {
  /** The schema generator's sample events. */
  events: { sampleSize: number; averageBytes: number; typeShares: Readonly<Record<EventType, number>> };
  /** A raw line is the event plus its kinesis_metadata and newline: this many bytes more. */
  rawLineOverheadBytes: number;
  /** A processed line: the event, its `data` again (enriched_data) and this overhead. */
  processedLine: { dataShare: number; overheadBytes: number };
  /** A record in the Kinesis event Lambda receives, beyond its base64 data. */
  kinesisRecordOverheadBytes: number;
  /** DynamoDB item sizes (billed bytes): ingest's grows with the keys of the objects it lists. */
  ledger: { ingestItemBaseBytes: number; ingestItemBytesPerObject: number; transformItemBytes: number };
  ingest: FunctionVolume;
  transform: FunctionVolume;
}
