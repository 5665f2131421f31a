/** Candidate: @dsnp/parquetjs (pure JavaScript), one appendRow per row, its own row groups. */
import parquet from '@dsnp/parquetjs';
import { BENCH_COLUMNS, type ColumnKind, type OpenWriter, runCandidate } from './data.js';

const TYPE: Record<ColumnKind, string> = {
  string: 'UTF8',
  timestamp: 'TIMESTAMP_MILLIS',
  date: 'DATE',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

const schema = new parquet.ParquetSchema(
  Object.fromEntries(
    BENCH_COLUMNS.map(({ name, kind, required }) => [
      name,
      { type: TYPE[kind], optional: !required, compression: 'SNAPPY' },
    ]),
  ) as ConstructorParameters<typeof parquet.ParquetSchema>[0],
);

const DAY_MS = 86_400_000;

export const open: OpenWriter = async (file) => {
  let writer: Awaited<ReturnType<typeof parquet.ParquetWriter.openFile>> | undefined;
  return {
    writeGroup: async ({ rows, columns }) => {
      writer ??= await parquet.ParquetWriter.openFile(schema, file, { rowGroupSize: rows });
      for (let i = 0; i < rows; i++) {
        const row: Record<string, unknown> = {};
        for (const { name, kind } of BENCH_COLUMNS) {
          const value = columns[name]![i];
          if (value === null || value === undefined) continue;
          row[name] =
            kind === 'timestamp'
              ? new Date(value as number)
              : kind === 'date'
                ? new Date((value as number) * DAY_MS)
                : value;
        }
        await writer.appendRow(row);
      }
    },
    finish: async () => {
      await writer?.close();
    },
  };
};

export const run = (file: string, rows: number, groupRows: number) =>
  runCandidate(open, file, rows, groupRows);
