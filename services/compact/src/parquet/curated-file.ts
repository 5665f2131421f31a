/**
 * Writes a curated Parquet file with hyparquet-writer (chosen by measurement, bench/compact/
 * writers.ts), row group by row group, handing the bytes to a sink as they are produced:
 * memory holds one row group, never the file. Deterministic: the same rows give the same
 * bytes (fixed `created_by`, no key-value metadata, no clock).
 */
import type { CuratedColumn } from '@event-pipeline/schema';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnBatch } from '../core/partition-compaction.js';
import { parquetSchema } from './schema.js';

/** The file's `created_by`: fixed, so the bytes do not depend on a library version string. */
export const CREATED_BY = 'event-pipeline compact';
/** Bytes gathered before they are handed to the sink. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Where the file's bytes go; `write` resolves when the sink can take more. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

/** A ByteWriter that hands its bytes to a sink in chunks instead of growing one buffer. */
class SinkWriter extends ByteWriter {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly sink: ByteSink) {
    super(CHUNK_BYTES + 64 * 1024);
  }

  override ensure(size: number): void {
    if (this.index > CHUNK_BYTES) this.handOff();
    super.ensure(size);
  }

  /** After each row group: wait until the sink has taken what was handed to it. */
  flush(): Promise<void> {
    this.handOff();
    return this.pending;
  }

  override async finish(): Promise<void> {
    this.handOff();
    await this.pending;
  }

  private handOff(): void {
    if (this.index === 0) return;
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    const previous = this.pending;
    this.pending = previous.then(() => this.sink.write(bytes));
  }
}

export interface WrittenFile {
  rows: number;
  rowGroups: number;
}

export async function writeCuratedFile(
  columns: readonly CuratedColumn[],
  batches: Iterable<ColumnBatch>,
  sink: ByteSink,
): Promise<WrittenFile> {
  const writer = new ParquetWriter({
    writer: new SinkWriter(sink),
    schema: parquetSchema(columns),
    codec: 'SNAPPY',
    createdBy: CREATED_BY,
  });
  let rows = 0;
  let rowGroups = 0;
  for (const batch of batches) {
    await writer.write({
      columnData: columns.map(({ name }, c) => ({ name, data: batch.columns[c]! })),
      rowGroupSize: batch.rows,
    });
    rows += batch.rows;
    rowGroups++;
  }
  await writer.finish();
  return { rows, rowGroups };
}
