/** Candidate: hyparquet-writer (pure JavaScript), row groups streamed to the file as written. */
// The narrow entry: the bundle holds the mapping, not the compactor.
import { parquetSchema } from '@event-pipeline/compact/parquet-schema';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { BENCH_COLUMNS, type OpenWriter, runCandidate } from './data.js';

// The compactor's own mapping of the curated types: the candidate writes what the service would.
const schema = parquetSchema(
  BENCH_COLUMNS.map(({ name, kind, required }) => ({
    name,
    type: kind,
    required: required === true,
    origin: 'common',
  })),
);

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
