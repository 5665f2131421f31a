/**
 * Candidate: parquet-wasm (arrow-rs's Parquet writer in WebAssembly) fed Apache Arrow JS
 * record batches, one per row group, through its streaming writer; the output chunks go to the
 * file as they come.
 */
import { open as openFile } from 'node:fs/promises';
import {
  Table as ArrowTable,
  Bool,
  DateDay,
  Float64,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { Compression, Table, transformParquetStream, WriterPropertiesBuilder } from 'parquet-wasm';
import { BENCH_COLUMNS, type CellValue, type ColumnKind, type OpenWriter, runCandidate } from './data.js';

// The packages are typed only when installed (on-demand-packages.d.ts): their classes as opaque values.
type DataType = object;
type RecordBatch = object;

// Arrow's timestamp type carries the zone: 'UTC' makes the Parquet column UTC-adjusted.
const TYPE: Record<ColumnKind, () => DataType> = {
  string: () => new Utf8(),
  timestamp: () => new TimestampMillisecond('UTC'),
  date: () => new DateDay(),
  double: () => new Float64(),
  boolean: () => new Bool(),
};

const DAY_MS = 86_400_000;
const asDate = (value: CellValue, scale: number) => (value === null ? null : new Date(Number(value) * scale));

export const open: OpenWriter = async (file) => {
  let controller!: ReadableStreamDefaultController<RecordBatch>;
  const input = new ReadableStream<RecordBatch>({
    start(c) {
      controller = c;
    },
  });
  const properties = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).build();
  const handle = await openFile(file, 'w');
  // The writer's output stream resolves once batches flow: drain it beside the writes.
  const drained = (async () => {
    const output = await transformParquetStream(input, properties);
    for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await handle.write(chunk);
  })();
  return {
    writeGroup: async ({ columns }) => {
      const vectors = Object.fromEntries(
        BENCH_COLUMNS.map(({ name, kind }) => {
          const values = columns[name]!;
          const data =
            kind === 'date'
              ? values.map((v) => asDate(v, DAY_MS))
              : kind === 'timestamp'
                ? values.map((v) => asDate(v, 1))
                : values;
          return [name, vectorFromArray(data, TYPE[kind]())];
        }),
      );
      const wasmTable = Table.fromIPCStream(tableToIPC(new ArrowTable(vectors), 'stream'));
      for (const batch of wasmTable.recordBatches()) controller.enqueue(batch);
      // Let the writer take the batch before the next one is built (bounded memory).
      await new Promise((resolve) => setImmediate(resolve));
    },
    finish: async () => {
      controller.close();
      await drained;
      await handle.close();
    },
  };
};

export const run = (file: string, rows: number, groupRows: number) =>
  runCandidate(open, file, rows, groupRows);
