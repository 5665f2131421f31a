/**
 * What a batch becomes, decided before any I/O: every record validated, valid ones grouped
 * by partition path into raw objects, invalid ones grouped by reason and arrival hour into
 * quarantine objects. Pure: the same records always give the same objects, byte for byte.
 */
import { type ErrorCode, type KinesisMetadata, validate } from '@event-pipeline/schema';
import type { KinesisStreamRecord } from 'aws-lambda';
import { arrivalOf, bySequence, decodeRecord } from './kinesis-record.js';
import { jsonLines, quarantineLine, rawLine } from './lines.js';
import { objectKey, quarantineFolder, rangeName } from './object-keys.js';
import { RawFolders } from './raw-folders.js';

export interface PlannedObject {
  kind: 'raw' | 'quarantine';
  key: string;
  body: string;
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
  first: KinesisMetadata;
  last: KinesisMetadata;
  lines: string[];
}

function toObject(group: Group): PlannedObject {
  const { first, last } = group;
  return {
    kind: group.kind,
    key: objectKey(group.folder, rangeName(first.shard_id, first.sequence_number, last.sequence_number)),
    body: jsonLines(group.lines),
    records: group.lines.length,
    firstSequenceNumber: first.sequence_number,
  };
}

/**
 * Plans a non-empty batch of one shard's records (the envelope middleware guarantees both).
 * Each record is decoded as its turn comes and only its line is kept, so a large batch holds
 * its lines, not its records' bytes as well.
 */
export function planBatch(records: readonly KinesisStreamRecord[]): BatchPlan {
  if (records.length === 0) throw new RangeError('a batch has at least one record');
  const ordered = [...records].sort(bySequence);
  const groups = new Map<string, Group>();
  const quarantinedByCode: Partial<Record<ErrorCode, number>> = {};
  const rawFolders = new RawFolders();
  let validRecords = 0;

  const add = (kind: Group['kind'], folder: string, metadata: KinesisMetadata, line: string): void => {
    const group = groups.get(folder);
    if (group === undefined) {
      groups.set(folder, { kind, folder, first: metadata, last: metadata, lines: [line] });
      return;
    }
    group.last = metadata;
    group.lines.push(line);
  };

  let first: KinesisMetadata | undefined;
  let last: KinesisMetadata | undefined;
  for (const kinesisRecord of ordered) {
    const record = decodeRecord(kinesisRecord);
    first ??= record.metadata;
    last = record.metadata;
    const result = validate(record.bytes);
    if (result.ok) {
      validRecords++;
      const folder = rawFolders.of(result.event);
      add('raw', folder, record.metadata, rawLine(result.event, record.metadata));
    } else {
      const { code } = result.error;
      quarantinedByCode[code] = (quarantinedByCode[code] ?? 0) + 1;
      add(
        'quarantine',
        quarantineFolder(code, arrivalOf(record.metadata)),
        record.metadata,
        quarantineLine(result.error, record),
      );
    }
  }

  // Map order is first-record order within each kind, since records were added in sequence order.
  const all = [...groups.values()];
  const objects = [...all.filter((g) => g.kind === 'raw'), ...all.filter((g) => g.kind === 'quarantine')].map(
    toObject,
  );
  return {
    shardId: first!.shard_id,
    firstSequenceNumber: first!.sequence_number,
    lastSequenceNumber: last!.sequence_number,
    totalRecords: ordered.length,
    validRecords,
    quarantinedRecords: ordered.length - validRecords,
    quarantinedByCode,
    objects,
  };
}
