/**
 * The local lake as DuckDB views with the Glue tables' names and columns (catalog/tables.ts):
 * `read_json` / `read_parquet` over the object files of each table's partitions, partition keys
 * read from the `key=value` folders, and only the partitions Athena's projection would see.
 */
import { CURATED_FILE } from '@event-pipeline/schema';
import { duckdbType, quoteIdentifier } from '../catalog/column-types.js';
import type { LakeTable, PartitionKey } from '../catalog/tables.js';
import { S3RVER_OBJECT_SUFFIX } from './lake.js';

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Every object file of the table's partitions under its bucket's folder. */
export function tableGlob(table: LakeTable, bucketDir: string): string {
  const folders = table.partitionKeys.map((k) => `${k.name}=*`).join('/');
  const file = table.format === 'parquet' ? CURATED_FILE : '*.json';
  return `${bucketDir}/${table.root}${folders}/${file}${S3RVER_OBJECT_SUFFIX}`;
}

const keyType = (key: PartitionKey) => duckdbType(key.type);

function projected(key: PartitionKey): string {
  const column = quoteIdentifier(key.name);
  const { projection } = key;
  if (projection.type === 'enum') return `${column} IN (${projection.values.map(literal).join(', ')})`;
  return `${column} BETWEEN ${projection.min} AND ${projection.max}`;
}

function reader(table: LakeTable, glob: string): string {
  const hiveTypes = `{${table.partitionKeys.map((k) => `${literal(k.name)}: ${keyType(k)}`).join(', ')}}`;
  const hive = `hive_partitioning = true, hive_types = ${hiveTypes}, hive_types_autocast = false`;
  if (table.format === 'parquet') return `read_parquet(${literal(glob)}, ${hive}, union_by_name = true)`;
  const columns = `{${table.columns.map((c) => `${literal(c.name)}: ${literal(duckdbType(c.type))}`).join(', ')}}`;
  return `read_json(${literal(glob)}, format = 'newline_delimited', columns = ${columns}, ${hive})`;
}

/** The view over the files, or (`glob` undefined: no file yet) an empty view with the same columns. */
export function createViewSql(table: LakeTable, glob: string | undefined): string {
  const columns = [...table.columns, ...table.partitionKeys];
  const name = quoteIdentifier(table.name);
  if (glob === undefined) {
    const nulls = columns.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`);
    return `CREATE OR REPLACE VIEW ${name} AS SELECT ${nulls.join(', ')} WHERE false`;
  }
  // Parquet types are cast to the catalog's (e.g. UTC-adjusted timestamps to Athena's zone-less timestamp).
  const select = columns.map((c) =>
    table.format === 'parquet'
      ? `CAST(${quoteIdentifier(c.name)} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`
      : quoteIdentifier(c.name),
  );
  const where = table.partitionKeys.map(projected).join(' AND ');
  return `CREATE OR REPLACE VIEW ${name} AS SELECT ${select.join(', ')} FROM ${reader(table, glob)} WHERE ${where}`;
}
