/**
 * The column types of the lake's tables, and how each engine spells them: Glue/Hive (what
 * Athena reads) and DuckDB (the local engine). One model, so that a table has the same
 * columns in both.
 */

export type ScalarType = 'string' | 'double' | 'boolean' | 'date' | 'timestamp' | 'int' | 'bigint';

export interface Column {
  name: string;
  type: ColumnType;
}

/** A scalar, or a nested object whose fields are read by name (`data.amount`). */
export type ColumnType = ScalarType | { struct: readonly Column[] };

const HIVE: Readonly<Record<ScalarType, string>> = {
  string: 'string',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  int: 'int',
  bigint: 'bigint',
};

// TIMESTAMP without a zone, holding UTC: what Athena's `timestamp` is (the session runs in UTC).
const DUCKDB: Readonly<Record<ScalarType, string>> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  int: 'INTEGER',
  bigint: 'BIGINT',
};

/** `struct<a:string,b:double>` as Glue's StorageDescriptor writes it. */
export function hiveType(type: ColumnType): string {
  if (typeof type === 'string') return HIVE[type];
  return `struct<${type.struct.map((f) => `${f.name}:${hiveType(f.type)}`).join(',')}>`;
}

/** `STRUCT("a" VARCHAR, "b" DOUBLE)` as DuckDB writes it. */
export function duckdbType(type: ColumnType): string {
  if (typeof type === 'string') return DUCKDB[type];
  return `STRUCT(${type.struct.map((f) => `${quoteIdentifier(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
}

/** A double-quoted SQL identifier (both engines): `timestamp` and `value` are keywords. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Fields of several structs merged by name; a name with two different types is a contract error. */
export function mergeFields(...lists: ReadonlyArray<readonly Column[]>): Column[] {
  const merged = new Map<string, Column>();
  for (const column of lists.flat()) {
    const known = merged.get(column.name);
    if (known === undefined) merged.set(column.name, column);
    else if (hiveType(known.type) !== hiveType(column.type))
      throw new Error(
        `field ${column.name} is ${hiveType(known.type)} in one event type and ${hiveType(column.type)} in another`,
      );
  }
  return [...merged.values()];
}
