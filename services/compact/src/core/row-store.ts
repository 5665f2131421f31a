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
  private readBuffer = Buffer.allocUnsafe(64 * 1024);
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
    if (length > this.readBuffer.length) this.readBuffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) done += readSync(this.fd, this.readBuffer, done, length - done, offset + done);
    return this.readBuffer.toString('utf8', 0, length);
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
