/** Candidate: hyparquet-writer (pure JavaScript), row groups streamed to the file as written. */
import type { SchemaElement } from 'hyparquet';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { BENCH_COLUMNS, type ColumnKind, type OpenWriter, runCandidate } from './data.js';

const ELEMENT: Record<ColumnKind, Omit<SchemaElement, 'name'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  },
  date: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
  double: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
};

const schema: SchemaElement[] = [
  { name: 'root', num_children: BENCH_COLUMNS.length },
  ...BENCH_COLUMNS.map(({ name, kind, required }) => ({
    name,
    ...ELEMENT[kind],
    repetition_type: required ? ('REQUIRED' as const) : ('OPTIONAL' as const),
  })),
];

export const open: OpenWriter = async (file) => {
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, codec: 'SNAPPY' });
  return {
    writeGroup: ({ rows, columns }) =>
      writer.write({
        columnData: BENCH_COLUMNS.map(({ name }) => ({ name, data: columns[name]! })),
        rowGroupSize: rows,
      }),
    finish: async () => {
      await writer.finish();
    },
  };
};

export const run = (file: string, rows: number, groupRows: number) =>
  runCandidate(open, file, rows, groupRows);
