/**
 * The local query engine: DuckDB embedded in this process, a view per lake table over the local
 * lake, the session in UTC (Athena's timestamps are UTC wall-clock time).
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LAKE_TABLES, type LakeTable } from '../catalog/tables.js';
import { oneLine, QueryError } from '../errors.js';
import { emptyLakeMessage, type LocalLake } from './lake.js';
import { createViewSql, tableGlob } from './views.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Row = Record<string, JsonValue>;

export interface QueryResult {
  columns: Array<{ name: string; type: string }>;
  rows: Row[];
}

// DuckDB hands these over as strings (they may exceed a double); small enough ones read better as numbers.
const WIDE_NUMBERS = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/;

function toNumber(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  const number = Number(value);
  return Number.isFinite(number) && (!Number.isInteger(number) || Number.isSafeInteger(number))
    ? number
    : value;
}

export class LocalQueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The tables whose partitions hold no object yet. */
    readonly emptyTables: readonly LakeTable[],
  ) {}

  /** Opens an in-memory DuckDB with a view per lake table; an empty lake is an error. */
  static async open(lake: LocalLake, tables: readonly LakeTable[] = LAKE_TABLES): Promise<LocalQueryEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const empty: LakeTable[] = [];
      for (const table of tables) {
        const glob = tableGlob(table, lake.buckets[table.bucket]);
        const files = await connection.runAndReadAll(
          `SELECT count(*) AS files FROM glob('${glob.replaceAll("'", "''")}')`,
        );
        const hasFiles = Number(files.getRows()[0]?.[0] ?? 0) > 0;
        if (!hasFiles) empty.push(table);
        await connection.run(createViewSql(table, hasFiles ? glob : undefined));
      }
      if (empty.length === tables.length) throw new QueryError(emptyLakeMessage(lake.s3Dir));
      return new LocalQueryEngine(instance, connection, empty);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /** Runs one statement; DuckDB's refusal becomes a one-line QueryError. */
  async run(sql: string): Promise<QueryResult> {
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (error) {
      throw new QueryError(oneLine((error as Error).message));
    }
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    const wide = new Set(names.filter((_, i) => WIDE_NUMBERS.test(types[i]!)));
    const rows = (reader.getRowObjectsJson() as Row[]).map((row) => {
      for (const name of wide) row[name] = toNumber(row[name] ?? null);
      return row;
    });
    return { columns: names.map((name, i) => ({ name, type: types[i]! })), rows };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The lake tables a statement names (outside `--` comments), to point out those without data. */
export function tablesNamedIn(sql: string, tables: readonly LakeTable[]): LakeTable[] {
  const code = sql.replace(/--[^\n]*/g, ' ');
  return tables.filter((t) => new RegExp(`\\b${t.name}\\b`, 'i').test(code));
}
