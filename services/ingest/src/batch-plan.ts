/**
 * What a batch becomes, decided before any I/O: every record validated, valid ones grouped
 * by partition path into raw objects, invalid ones grouped by reason and arrival hour into
 * quarantine objects. Pure: the same records always give the same objects, byte for byte.
 */
import { type ErrorCode, jsonString, validate } from '@event-pipeline/schema';
import type { KinesisStreamRecord } from 'aws-lambda';
import { JsonLinesBody } from './json-lines-body.js';
import { arrivalOf, bySequence, metadataOf, shardIdOf } from './kinesis-record.js';
import { kinesisMetadataMember, quarantineLine, rawLine, spliceAt } from './lines.js';
import { objectKey, quarantineFolder, rangeName } from './object-keys.js';
import { RawFolders } from './raw-folders.js';

export interface PlannedObject {
  kind: 'raw' | 'quarantine';
  key: string;
  /** JSON Lines, UTF-8. */
  body: Buffer;
  /** How many records (lines) it holds. */
  records: number;
  /** The lowest sequence number in it: where the stream must resume if it is not written. */
  firstSequenceNumber: string;
}

export interface BatchPlan {
  shardId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  totalRecords: number;
  validRecords: number;
  quarantinedRecords: number;
  quarantinedByCode: Partial<Record<ErrorCode, number>>;
  /** Raw objects first, then quarantine objects, each in order of their first record. */
  objects: PlannedObject[];
}

/** The lines of one object and the stream positions of its first and last record. */
interface Group {
  kind: PlannedObject['kind'];
  folder: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  body: JsonLinesBody;
}

function toObject(shardId: string, group: Group): PlannedObject {
  return {
    kind: group.kind,
    key: objectKey(group.folder, rangeName(shardId, group.firstSequenceNumber, group.lastSequenceNumber)),
    body: group.body.bytes(),
    records: group.body.lines,
    firstSequenceNumber: group.firstSequenceNumber,
  };
}

/**
 * Plans a non-empty batch of one shard's records (the envelope middleware guarantees both).
 * Each record is decoded as its turn comes and only its line is kept, so a large batch holds
 * its lines, not its records' bytes as well. A valid record's line is its own bytes with the
 * metadata spliced in (lines.ts), else its event re-serialised.
 */
export function planBatch(records: readonly KinesisStreamRecord[]): BatchPlan {
  if (records.length === 0) throw new RangeError('a batch has at least one record');
  const ordered = [...records].sort(bySequence);
  const groups = new Map<string, Group>();
  const quarantinedByCode: Partial<Record<ErrorCode, number>> = {};
  const rawFolders = new RawFolders();
  // One shard: its id is the first record's, and written as JSON once.
  const shardId = shardIdOf(ordered[0]!.eventID);
  const shardIdJson = jsonString(shardId);
  let validRecords = 0;

  const groupOf = (kind: Group['kind'], folder: string, sequenceNumber: string): Group => {
    let group = groups.get(folder);
    if (group === undefined) {
      group = {
        kind,
        folder,
        firstSequenceNumber: sequenceNumber,
        lastSequenceNumber: sequenceNumber,
        body: new JsonLinesBody(),
      };
      groups.set(folder, group);
    }
    group.lastSequenceNumber = sequenceNumber;
    return group;
  };

  for (const kinesisRecord of ordered) {
    const { kinesis } = kinesisRecord;
    const bytes = Buffer.from(kinesis.data, 'base64');
    const result = validate(bytes);
    if (result.ok) {
      validRecords++;
      const { event } = result;
      const body = groupOf('raw', rawFolders.of(event), kinesis.sequenceNumber).body;
      const end = spliceAt(bytes, event);
      if (end === -1) {
        body.appendLine(rawLine(event, metadataOf(kinesisRecord, shardId)));
        continue;
      }
      const { sequenceNumber, partitionKey, approximateArrivalTimestamp } = kinesis;
      body.appendSpliced(
        bytes,
        end,
        kinesisMetadataMember(shardIdJson, sequenceNumber, partitionKey, approximateArrivalTimestamp),
      );
    } else {
      const { code } = result.error;
      quarantinedByCode[code] = (quarantinedByCode[code] ?? 0) + 1;
      const record = { bytes, metadata: metadataOf(kinesisRecord, shardId) };
      const folder = quarantineFolder(code, arrivalOf(record.metadata));
      groupOf('quarantine', folder, kinesis.sequenceNumber).body.appendLine(
        quarantineLine(result.error, record),
      );
    }
  }

  // Map order is first-record order within each kind, since records were added in sequence order.
  const all = [...groups.values()];
  const objects = [...all.filter((g) => g.kind === 'raw'), ...all.filter((g) => g.kind === 'quarantine')].map(
    (group) => toObject(shardId, group),
  );
  return {
    shardId,
    firstSequenceNumber: ordered[0]!.kinesis.sequenceNumber,
    lastSequenceNumber: ordered[ordered.length - 1]!.kinesis.sequenceNumber,
    totalRecords: ordered.length,
    validRecords,
    quarantinedRecords: ordered.length - validRecords,
    quarantinedByCode,
    objects,
  };
}
