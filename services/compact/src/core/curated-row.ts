/**
 * A processed line as a curated row (docs/architecture.md §8): one value per column of its
 * type, in column order. Times are epoch milliseconds, dates days since 1970-01-01 (UTC):
 * plain numbers that spill as JSON and that the Parquet writer stores as INT64/INT32.
 */
import {
  CURATED_COLUMNS,
  type CuratedColumn,
  dataSchemas,
  type EventType,
  type ProcessedLine,
  partitionPath,
  type ValidationError,
} from '@event-pipeline/schema';

export type CellValue = string | number | boolean | null;

/** Why a line that parsed still cannot be a row of this partition. */
export type RowErrorCode = ValidationError['code'] | 'wrong_partition';

export interface RowError {
  code: RowErrorCode;
  message: string;
  path: string;
}

export interface CuratedRow {
  values: CellValue[];
  eventTimeMs: number;
  processedTimeMs: number;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const known = Object.fromEntries(
  (Object.keys(dataSchemas) as EventType[]).map((type) => [
    type,
    new Set(Object.keys(dataSchemas[type].properties)),
  ]),
) as Record<EventType, Set<string>>;

/** The `data` fields beyond the type's schema, as a JSON object; null when there are none. */
export function extraFields(eventType: EventType, data: Record<string, unknown>): string | null {
  const fields = known[eventType];
  let extra: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(data)) {
    if (fields.has(name)) continue;
    extra ??= {};
    extra[name] = value;
  }
  return extra === undefined ? null : JSON.stringify(extra);
}

function enrichmentValue(column: CuratedColumn, value: unknown): CellValue | RowError {
  const path = `/enriched_data/${column.name}`;
  if (value === undefined)
    return { code: 'missing_field', message: `missing enrichment field enriched_data.${column.name}`, path };
  switch (column.type) {
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return { code: 'bad_value', message: `enriched_data.${column.name} must be a YYYY-MM-DD date`, path };
      return Date.parse(`${value}T00:00:00Z`) / DAY_MS;
    case 'boolean':
      if (typeof value !== 'boolean')
        return { code: 'wrong_type', message: `enriched_data.${column.name} must be a boolean`, path };
      return value;
    default:
      if (typeof value !== 'string')
        return { code: 'wrong_type', message: `enriched_data.${column.name} must be a string`, path };
      return value;
  }
}

const isRowError = (value: unknown): value is RowError =>
  value !== null && typeof value === 'object' && 'code' in (value as object);

/** The row of a (parsed, validated) processed line in `partition`, or why it does not belong. */
export function curatedRow(line: ProcessedLine, partition: string): CuratedRow | RowError {
  const eventType = line.event_type;
  const expected = partitionPath({ event_type: eventType, timestamp: line.original_timestamp });
  if (expected !== partition) {
    return {
      code: 'wrong_partition',
      message: `the line belongs to ${expected}, not to the partition being compacted`,
      path: '/original_timestamp',
    };
  }
  const eventTimeMs = Date.parse(line.original_timestamp);
  const processedTimeMs = Date.parse(line.processed_timestamp);
  const metadata = line.kinesis_metadata;
  const data = line.original_data as Record<string, unknown>;
  const common: Record<string, CellValue> = {
    record_id: line.record_id,
    event_id: line.event_id ?? null,
    event_time: eventTimeMs,
    original_timestamp: line.original_timestamp,
    source: line.source ?? null,
    shard_id: metadata.shard_id,
    sequence_number: metadata.sequence_number,
    partition_key: metadata.partition_key,
    // The event source's epoch seconds (with milliseconds), as ingest wrote them.
    arrival_time: Math.round(metadata.approximate_arrival_timestamp * 1000),
    processed_time: processedTimeMs,
    raw_object: line.metadata.raw_object,
    extra: extraFields(eventType, data),
  };
  const columns = CURATED_COLUMNS[eventType];
  const values = new Array<CellValue>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    if (column.origin === 'common') values[i] = common[column.name] ?? null;
    else if (column.origin === 'data') values[i] = (data[column.name] as CellValue | undefined) ?? null;
    else {
      const value = enrichmentValue(column, line.enriched_data[column.name]);
      if (isRowError(value)) return value;
      values[i] = value;
    }
  }
  return { values, eventTimeMs, processedTimeMs };
}

export { isRowError };
