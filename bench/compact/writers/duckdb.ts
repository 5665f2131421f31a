/**
 * Candidate: DuckDB (`@duckdb/node-api`, native) in the function: rows appended to an
 * in-memory table through its appender, then `COPY ... TO` a Parquet file. DuckDB holds the
 * partition itself (spilling to disk past its memory limit) instead of streaming row groups.
 */
import { DuckDBDateValue, DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { BENCH_COLUMNS, type ColumnKind, type OpenWriter, runCandidate } from './data.js';

const SQL_TYPE: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

export const open: OpenWriter = async (file) => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const columns = BENCH_COLUMNS.map(
    ({ name, kind, required }) => `"${name}" ${SQL_TYPE[kind]}${required ? ' NOT NULL' : ''}`,
  );
  await connection.run(`CREATE TABLE rows (${columns.join(', ')})`);
  const appender = await connection.createAppender('rows');
  let groupRows = 0;
  return {
    writeGroup: ({ rows, columns: data }) => {
      groupRows = Math.max(groupRows, rows);
      for (let i = 0; i < rows; i++) {
        for (const { name, kind } of BENCH_COLUMNS) {
          const value = data[name]![i];
          if (value === null || value === undefined) appender.appendNull();
          else if (kind === 'string') appender.appendVarchar(value as string);
          else if (kind === 'double') appender.appendDouble(value as number);
          else if (kind === 'boolean') appender.appendBoolean(value as boolean);
          else if (kind === 'date') appender.appendDate(new DuckDBDateValue(value as number));
          else appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(value as number) * 1000n));
        }
        appender.endRow();
      }
    },
    finish: async () => {
      appender.flushSync();
      appender.closeSync();
      const target = file.replaceAll("'", "''");
      await connection.run(
        `COPY rows TO '${target}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${Math.max(groupRows, 2048)})`,
      );
      connection.closeSync();
      instance.closeSync();
    },
  };
};

export const run = (file: string, rows: number, groupRows: number) =>
  runCandidate(open, file, rows, groupRows);
