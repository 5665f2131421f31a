/**
 * What a batch becomes, decided before any I/O: every record validated, valid ones grouped
 * by partition path into raw objects, invalid ones grouped by reason and arrival hour into
 * quarantine objects. Pure: the same records always give the same objects, byte for byte.
 */
import { type ErrorCode, partitionPath, validate } from '@event-pipeline/schema';
import { bySequence, type DecodedRecord } from './kinesis-record.js';
import { jsonLines, quarantineLine, rawLine } from './lines.js';
import { objectKey, quarantineFolder, rangeName, rawFolder } from './object-keys.js';

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

interface Group {
  kind: PlannedObject['kind'];
  folder: string;
  records: DecodedRecord[];
  lines: string[];
}

function toObject(group: Group): PlannedObject {
  const first = group.records[0]!.metadata;
  const last = group.records[group.records.length - 1]!.metadata;
  return {
    kind: group.kind,
    key: objectKey(group.folder, rangeName(first.shard_id, first.sequence_number, last.sequence_number)),
    body: jsonLines(group.lines),
    records: group.records.length,
    firstSequenceNumber: first.sequence_number,
  };
}

/** Plans a non-empty batch of one shard's records (the envelope middleware guarantees both). */
export function planBatch(records: readonly DecodedRecord[]): BatchPlan {
  if (records.length === 0) throw new RangeError('a batch has at least one record');
  const ordered = [...records].sort(bySequence);
  const groups = new Map<string, Group>();
  const quarantinedByCode: Partial<Record<ErrorCode, number>> = {};
  let validRecords = 0;

  const add = (kind: Group['kind'], folder: string, record: DecodedRecord, line: string): void => {
    let group = groups.get(folder);
    if (group === undefined) {
      group = { kind, folder, records: [], lines: [] };
      groups.set(folder, group);
    }
    group.records.push(record);
    group.lines.push(line);
  };

  for (const record of ordered) {
    const result = validate(record.bytes);
    if (result.ok) {
      validRecords++;
      add('raw', rawFolder(partitionPath(result.event)), record, rawLine(result.event, record.metadata));
    } else {
      const { code } = result.error;
      quarantinedByCode[code] = (quarantinedByCode[code] ?? 0) + 1;
      add(
        'quarantine',
        quarantineFolder(code, record.arrivedAt),
        record,
        quarantineLine(result.error, record),
      );
    }
  }

  // Map order is first-record order within each kind, since records were added in sequence order.
  const all = [...groups.values()];
  const objects = [...all.filter((g) => g.kind === 'raw'), ...all.filter((g) => g.kind === 'quarantine')].map(
    toObject,
  );
  const first = ordered[0]!.metadata;
  const last = ordered[ordered.length - 1]!.metadata;
  return {
    shardId: first.shard_id,
    firstSequenceNumber: first.sequence_number,
    lastSequenceNumber: last.sequence_number,
    totalRecords: ordered.length,
    validRecords,
    quarantinedRecords: ordered.length - validRecords,
    quarantinedByCode,
    objects,
  };
}
