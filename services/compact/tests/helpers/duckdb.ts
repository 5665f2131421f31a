/** Reads curated Parquet back with DuckDB: a reader that is not the writer, as the query tool will. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface ParquetReadBack {
  rows: Array<Record<string, unknown>>;
  /** DESCRIBE: column name -> SQL type, in file order. */
  columns: Array<{ name: string; type: string }>;
  /** parquet_schema(): column name -> physical / converted / logical type. */
  schema: Record<
    string,
    { type: string; converted: string | null; logical: string | null; repetition: string }
  >;
  codecs: string[];
  createdBy: string;
}

export async function readParquet(bytes: Uint8Array): Promise<ParquetReadBack> {
  const dir = mkdtempSync(join(tmpdir(), 'compact-read-'));
  const file = join(dir, 'data.parquet');
  writeFileSync(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
    const rows = await query(`SELECT * FROM read_parquet('${file}')`);
    const described = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const schema = await query(
      `SELECT name, type, converted_type, CAST(logical_type AS VARCHAR) AS logical_type, repetition_type FROM parquet_schema('${file}') WHERE type IS NOT NULL`,
    );
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    const meta = await query(`SELECT created_by FROM parquet_file_metadata('${file}')`);
    return {
      rows,
      columns: described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) })),
      schema: Object.fromEntries(
        schema.map((row) => [
          String(row.name),
          {
            type: String(row.type),
            converted: row.converted_type === null ? null : String(row.converted_type),
            logical: row.logical_type === null ? null : String(row.logical_type),
            repetition: String(row.repetition_type),
          },
        ]),
      ),
      codecs: codecs.map((row) => String(row.compression)),
      createdBy: String(meta[0]?.created_by),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
