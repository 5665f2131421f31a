/**
 * Where compaction keeps the rows it has read until it writes them in sorted order: off the
 * heap, so that memory holds only the index (line-index.ts). A row is its JSON text. The file
 * store is the function's /tmp (ephemeral storage, sized in serverless.yml); the memory store
 * is for tests and small partitions.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RowStore {
  /** Stores a row's text; returns where it is. */
  append(text: string): { offset: number; length: number };
  /** All appended rows are readable after this. */
  seal(): void;
  read(offset: number, length: number): string;
  /** Bytes stored. */
  readonly bytes: number;
  dispose(): void;
}

export class MemoryRowStore implements RowStore {
  private readonly rows: string[] = [];
  bytes = 0;

  append(text: string) {
    this.bytes += text.length;
    return { offset: this.rows.push(text) - 1, length: text.length };
  }

  seal(): void {}

  read(offset: number): string {
    return this.rows[offset]!;
  }

  dispose(): void {
    this.rows.length = 0;
  }
}

const BUFFER_BYTES = 1024 * 1024;

export class FileRowStore implements RowStore {
  private readonly dir: string;
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /**
   * The last stretch of the file read: rows are read in file order within a row group, and
   * mostly arrive in event-time order, so most reads are served from it, not a system call.
   */
  private window = Buffer.allocUnsafe(BUFFER_BYTES);
  private windowStart = 0;
  private windowBytes = 0;
  bytes = 0;

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'compact-rows-'));
    this.fd = openSync(join(this.dir, 'rows.jsonl'), 'w+');
  }

  append(text: string) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buffer.length) this.flush();
    if (text.length * 3 > this.buffer.length) this.buffer = Buffer.allocUnsafe(text.length * 3);
    const length = this.buffer.write(text, this.used);
    const offset = this.bytes;
    this.used += length;
    this.bytes += length;
    return { offset, length };
  }

  seal(): void {
    this.flush();
  }

  read(offset: number, length: number): string {
    const from = offset - this.windowStart;
    if (from < 0 || from + length > this.windowBytes) {
      if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
      const size = Math.min(this.window.length, this.bytes - offset);
      let done = 0;
      while (done < length) {
        const read = readSync(this.fd, this.window, done, size - done, offset + done);
        if (read === 0)
          throw new RangeError(`row at ${offset} (${length} bytes) is past the end of the store`);
        done += read;
      }
      this.windowStart = offset;
      this.windowBytes = done;
    }
    const start = offset - this.windowStart;
    return this.window.toString('utf8', start, start + length);
  }

  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }
}
