/**
 * What the ingest and transform code was really handed during a fault run: how many times the
 * ingest handler ran over each stream record (in the pipeline and in the redrive; a crash
 * before the handler runs is no run), and which records and objects the redrive processed.
 * A record can be written into at most one object per run, so its copies in the lake can never
 * outnumber its runs: that is what makes a duplicate a re-delivery.
 */
import { type LambdaHandler, positionKey } from '@event-pipeline/local';
import type { PipelineFunctions } from '@event-pipeline/recovery';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

type IngestHandler = LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;

export interface Deliveries {
  /** The real ingest handler, counting each of its runs over each record. */
  wrapIngest(handler: IngestHandler): IngestHandler;
  /** The recovery tools' functions, counting the same and noting what they were handed. */
  wrapRecovery(functions: PipelineFunctions): PipelineFunctions;
  /** Runs of the ingest handler over the record at `position`. */
  runs(position: string): number;
  /** Positions of the records the redrive processed. */
  redrivenRecords: ReadonlySet<string>;
  /** Keys (as the S3 event carries them) of the objects the redrive transformed. */
  redrivenObjects: ReadonlySet<string>;
}

export function trackDeliveries(): Deliveries {
  const runs = new Map<string, number>();
  const redrivenRecords = new Set<string>();
  const redrivenObjects = new Set<string>();
  const ran = (position: string) => runs.set(position, (runs.get(position) ?? 0) + 1);
  return {
    wrapIngest(handler) {
      return (event, context) => {
        // Lambda's eventID is the record's position: `<shard id>:<sequence number>`.
        for (const record of event.Records) ran(record.eventID);
        return handler(event, context);
      };
    },
    wrapRecovery(functions) {
      return {
        ingest(records) {
          for (const record of records) {
            ran(positionKey(record));
            redrivenRecords.add(positionKey(record));
          }
          return functions.ingest(records);
        },
        transform(event) {
          for (const record of event.Records) redrivenObjects.add(record.s3.object.key);
          return functions.transform(event);
        },
      };
    },
    runs: (position) => runs.get(position) ?? 0,
    redrivenRecords,
    redrivenObjects,
  };
}
