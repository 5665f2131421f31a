/**
 * The columns of the curated dataset (docs/architecture.md §8), generated per event type from
 * the contract: the columns every type has, then the type's `data` fields as typed columns
 * (from its JSON Schema in schemas.ts), then its enrichment columns (enrichment.ts). No list
 * of fields is written twice; writers (Parquet) and catalogs (Glue/Hive) map these types.
 */
import { dataSchemas, EVENT_TYPES } from '../schemas.js';
import type { EventType } from '../types.js';
import { ENRICHMENT_COLUMNS } from './enrichment.js';

/** Logical column types: timestamps are UTC instants, dates calendar days (UTC). */
export type CuratedType = 'string' | 'double' | 'boolean' | 'date' | 'timestamp';

export type ColumnOrigin = 'common' | 'data' | 'enrichment';

export interface CuratedColumn {
  name: string;
  type: CuratedType;
  /** Never null in a curated file. */
  required: boolean;
  origin: ColumnOrigin;
}

const common = (name: string, type: CuratedType, required = false): CuratedColumn => ({
  name,
  type,
  required,
  origin: 'common',
});

/** Every event type's first columns, in file order. */
export const COMMON_COLUMNS: readonly CuratedColumn[] = [
  common('record_id', 'string', true),
  common('event_id', 'string'),
  common('event_time', 'timestamp', true),
  common('original_timestamp', 'string', true),
  common('source', 'string'),
  common('shard_id', 'string', true),
  common('sequence_number', 'string', true),
  common('partition_key', 'string'),
  common('arrival_time', 'timestamp'),
  common('processed_time', 'timestamp', true),
  common('raw_object', 'string', true),
  // JSON object of the `data` fields beyond the type's schema; null when there are none.
  common('extra', 'string'),
];

/** The curated type of a JSON Schema property (the contract's `data` fields are strings and numbers). */
function typeOfProperty(eventType: EventType, name: string, schema: { type?: unknown }): CuratedType {
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'double';
    case 'boolean':
      return 'boolean';
    default:
      throw new Error(
        `no curated column type for ${eventType}.data.${name} (JSON Schema type ${String(schema.type)})`,
      );
  }
}

/** The `data` fields of a type's schema, as columns, in the schema's order. */
export function dataColumns(eventType: EventType): CuratedColumn[] {
  const schema = dataSchemas[eventType];
  const required = new Set<string>(schema.required);
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    type: typeOfProperty(eventType, name, property as { type?: unknown }),
    required: required.has(name),
    origin: 'data' as const,
  }));
}

/** The enrichment columns of a type: always present in a processed line. */
export function enrichmentColumns(eventType: EventType): CuratedColumn[] {
  return ENRICHMENT_COLUMNS[eventType].map(({ name, type }) => ({
    name,
    type,
    required: true,
    origin: 'enrichment' as const,
  }));
}

/** Every column of a curated file of `eventType`, in file order; names are unique. */
export function curatedColumns(eventType: EventType): CuratedColumn[] {
  const columns = [...COMMON_COLUMNS, ...dataColumns(eventType), ...enrichmentColumns(eventType)];
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) throw new Error(`curated column ${name} of ${eventType} is defined twice`);
    seen.add(name);
  }
  return columns;
}

/** Every type's columns, generated once. */
export const CURATED_COLUMNS: Readonly<Record<EventType, readonly CuratedColumn[]>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, curatedColumns(type)]),
) as Record<EventType, CuratedColumn[]>;

/** Glue / Hive column types (what Athena's DDL calls them). */
export const GLUE_TYPES: Readonly<Record<CuratedType, string>> = {
  string: 'string',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

/** A curated file's columns as Glue `Columns` (`{ Name, Type }`), for the catalog's table of a type. */
export function glueColumns(eventType: EventType): Array<{ Name: string; Type: string }> {
  return CURATED_COLUMNS[eventType].map(({ name, type }) => ({ Name: name, Type: GLUE_TYPES[type] }));
}
