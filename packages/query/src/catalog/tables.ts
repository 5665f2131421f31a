/**
 * The lake's tables (docs/architecture.md §9): where each lives, its format, columns and
 * partition keys. The Glue tables (resources/catalog.yml) and the local DuckDB views are both
 * generated from these definitions, so the two engines see the same names and columns.
 *
 * Columns follow the line formats of §4, §5 and §8; the event fields come from packages/schema
 * (its JSON Schemas and the curated column generator), never from a second list here.
 */
import {
  CURATED_COLUMNS,
  CURATED_PREFIX,
  type CuratedColumn,
  ERROR_CODES,
  EVENT_TIME_RANGE,
  EVENT_TYPES,
  type EventType,
} from '@event-pipeline/schema';
import { type Column, type ColumnType, mergeFields } from './column-types.js';

export type LakeBucket = 'raw' | 'processed';
export type TableFormat = 'json' | 'parquet';

/** How Athena projects a partition key's values (no crawler, no MSCK REPAIR). */
export type Projection =
  | { type: 'enum'; values: readonly string[] }
  | { type: 'integer'; min: number; max: number; digits: number };

export interface PartitionKey {
  name: string;
  type: 'string' | 'int';
  projection: Projection;
}

export interface LakeTable {
  name: string;
  description: string;
  bucket: LakeBucket;
  /** The key prefix under which its partitions start, ending in `/` (e.g. `raw/`). */
  root: string;
  format: TableFormat;
  columns: readonly Column[];
  /** In key order: the table's location template is `<root><key>=${key}/.../`. */
  partitionKeys: readonly PartitionKey[];
}

const yearOf = (iso: string) => new Date(iso).getUTCFullYear();

/** Every year an event may carry (the contract's time range), so a late event's partition is queryable too. */
const YEAR: PartitionKey = {
  name: 'year',
  type: 'int',
  projection: {
    type: 'integer',
    min: yearOf(EVENT_TIME_RANGE.from),
    // `until` is exclusive and falls on 1 January.
    max: yearOf(EVENT_TIME_RANGE.until) - 1,
    digits: 4,
  },
};
const twoDigits = (name: string, min: number, max: number): PartitionKey => ({
  name,
  type: 'int',
  projection: { type: 'integer', min, max, digits: 2 },
});
const HOUR_KEYS: readonly PartitionKey[] = [
  YEAR,
  twoDigits('month', 1, 12),
  twoDigits('day', 1, 31),
  twoDigits('hour', 0, 23),
];
const EVENT_TYPE: PartitionKey = {
  name: 'event_type',
  type: 'string',
  projection: { type: 'enum', values: EVENT_TYPES },
};

/**
 * The reasons the processed bucket's quarantine holds: the transformer's (contract violations and
 * `transform_failed`) and the compactor's (`wrong_partition`, `conflicting_record_id`). A reason
 * missing here would be invisible to Athena, and the local views apply the same projection.
 */
export const PROCESSED_QUARANTINE_REASONS: readonly string[] = [
  ...ERROR_CODES,
  'transform_failed',
  'wrong_partition',
  'conflicting_record_id',
];
const reason = (values: readonly string[]): PartitionKey => ({
  name: 'reason',
  type: 'string',
  projection: { type: 'enum', values },
});

const string = (name: string): Column => ({ name, type: 'string' });
const struct = (name: string, fields: readonly Column[]): Column => ({ name, type: { struct: fields } });

const asColumn = ({ name, type }: CuratedColumn): Column => ({ name, type });
const curatedOf = (eventType: EventType, origin: CuratedColumn['origin']) =>
  CURATED_COLUMNS[eventType].filter((c) => c.origin === origin);

/** Every type's `data` fields in one struct (JSON lines carry one type each; the others read as null). */
const DATA_FIELDS = mergeFields(...EVENT_TYPES.map((t) => curatedOf(t, 'data').map(asColumn)));
// In JSON lines the enrichment's `*_date` is text (YYYY-MM-DD); only the curated Parquet types it as DATE.
const ENRICHMENT_FIELDS = mergeFields(
  ...EVENT_TYPES.map((t) =>
    curatedOf(t, 'enrichment').map(
      ({ name, type }): Column => ({
        name,
        type: (type === 'date' ? 'string' : type) as ColumnType,
      }),
    ),
  ),
);

const KINESIS_METADATA = struct('kinesis_metadata', [
  string('shard_id'),
  string('sequence_number'),
  string('partition_key'),
  { name: 'approximate_arrival_timestamp', type: 'double' },
]);
const ERROR = struct('error', [string('code'), string('message'), string('path')]);

const RAW_EVENTS: LakeTable = {
  name: 'raw_events',
  description: 'Valid events as ingest wrote them (raw/, JSON Lines), re-deliveries included.',
  bucket: 'raw',
  root: 'raw/',
  format: 'json',
  columns: [
    string('event_id'),
    string('timestamp'),
    string('source'),
    struct('data', DATA_FIELDS),
    KINESIS_METADATA,
  ],
  partitionKeys: [EVENT_TYPE, ...HOUR_KEYS],
};

const PROCESSED_EVENTS: LakeTable = {
  name: 'processed_events',
  description:
    'Transformed events with enrichment and lineage (processed/, JSON Lines), re-deliveries included.',
  bucket: 'processed',
  root: 'processed/',
  format: 'json',
  columns: [
    string('record_id'),
    string('original_timestamp'),
    struct('original_data', DATA_FIELDS),
    struct('enriched_data', mergeFields(DATA_FIELDS, ENRICHMENT_FIELDS)),
    KINESIS_METADATA,
    string('processed_timestamp'),
    struct('metadata', [
      string('source'),
      string('processing_stage'),
      string('version'),
      string('raw_object'),
    ]),
  ],
  partitionKeys: [EVENT_TYPE, ...HOUR_KEYS],
};

const QUARANTINE: LakeTable = {
  name: 'quarantine',
  description:
    'Records ingest refused (raw bucket quarantine/), with the reason and the original bytes; partitioned by the hour they reached the stream.',
  bucket: 'raw',
  root: 'quarantine/',
  format: 'json',
  columns: [ERROR, KINESIS_METADATA, string('received_at'), string('payload')],
  partitionKeys: [reason(ERROR_CODES), ...HOUR_KEYS],
};

const PROCESSED_QUARANTINE: LakeTable = {
  name: 'processed_quarantine',
  description:
    'Lines the transformer or the compactor refused (processed bucket quarantine/), with the reason and the line; partitioned like the events.',
  bucket: 'processed',
  root: 'quarantine/',
  format: 'json',
  columns: [
    ERROR,
    string('record_id'),
    string('raw_object'),
    string('processed_object'),
    { name: 'line_number', type: 'bigint' },
    string('quarantined_at'),
    string('line'),
  ],
  partitionKeys: [reason(PROCESSED_QUARANTINE_REASONS), EVENT_TYPE, ...HOUR_KEYS],
};

/** `curated_<event_type>`: one row per record, typed columns (curated/, Parquet). */
function curatedTableName(eventType: EventType): string {
  return `curated_${eventType}`;
}

const curatedTable = (eventType: EventType): LakeTable => ({
  name: curatedTableName(eventType),
  description: `Each ${eventType} event once, with typed columns (curated/, Parquet, written by the compactor).`,
  bucket: 'processed',
  root: `${CURATED_PREFIX}event_type=${eventType}/`,
  format: 'parquet',
  columns: CURATED_COLUMNS[eventType].map(asColumn),
  partitionKeys: HOUR_KEYS,
});

export const LAKE_TABLES: readonly LakeTable[] = [
  RAW_EVENTS,
  PROCESSED_EVENTS,
  QUARANTINE,
  PROCESSED_QUARANTINE,
  ...EVENT_TYPES.map(curatedTable),
];

/** `<root><key>=${key}/.../`: Athena's `storage.location.template` after the bucket. */
export function locationTemplate(table: LakeTable): string {
  return `${table.root}${table.partitionKeys.map((k) => `${k.name}=\${${k.name}}`).join('/')}/`;
}

/** A partition's folder from its key values, as the template expands them (digits padded). */
export function partitionFolder(table: LakeTable, values: Readonly<Record<string, string | number>>): string {
  let folder = locationTemplate(table);
  for (const key of table.partitionKeys) {
    const value = values[key.name];
    if (value === undefined) throw new RangeError(`${table.name}: no value for partition key ${key.name}`);
    const text =
      key.projection.type === 'integer' ? String(value).padStart(key.projection.digits, '0') : String(value);
    folder = folder.replace(`\${${key.name}}`, text);
  }
  return folder;
}

/** Whether a partition key's value is one the projection yields (what Athena can see). */
export function isProjected(key: PartitionKey, value: string): boolean {
  const { projection } = key;
  if (projection.type === 'enum') return projection.values.includes(value);
  if (!/^\d+$/.test(value) || value.length !== projection.digits) return false;
  const n = Number(value);
  return n >= projection.min && n <= projection.max;
}
