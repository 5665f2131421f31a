/**
 * An object's body built as bytes, line by line: a spliced raw line is the record's own bytes
 * copied once plus its metadata encoded once, with no string of the whole line or the whole
 * body in between (joining strings and encoding the result cost a tenth of ingest's time per
 * record). The S3 client sends and checksums the bytes as they are.
 *
 * Lines go into chunks that are never moved: a body that outgrows one chunk is joined once at
 * the end. (Growing one buffer copied everything written at each step, in freshly mapped memory:
 * a twentieth of ingest's time on a 10,000-record batch.)
 */
const NEWLINE = 0x0a;
/** Below the allocator's threshold for mapping fresh memory, so freed chunks are reused. */
const CHUNK_BYTES = 64 * 1024;

export class JsonLinesBody {
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private fullBytes = 0;
  /** Lines appended so far. */
  lines = 0;

  /** Appends `source` up to (not including) index `end`, then `tail`, then a newline. */
  appendSpliced(source: Uint8Array, end: number, tail: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.reserve(source.length + tail.length * 3 + 1);
    // All of it, which costs less than making a view of the part: the tail overwrites the rest.
    this.chunk.set(source, this.used);
    this.used += end;
    this.used += this.chunk.write(tail, this.used);
    this.chunk[this.used++] = NEWLINE;
    this.lines++;
  }

  /** Appends a line (it must hold no line break) and a newline. */
  appendLine(line: string): void {
    this.reserve(line.length * 3 + 1);
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = NEWLINE;
    this.lines++;
  }

  /** The body: every line ends with a newline, the last one too. */
  bytes(): Buffer {
    const last = this.chunk.subarray(0, this.used);
    return this.full.length === 0 ? last : Buffer.concat([...this.full, last], this.fullBytes + this.used);
  }

  /** Makes room for `bytes` more in the current chunk, starting another when it has not. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    if (this.used > 0) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.fullBytes += this.used;
    }
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.used = 0;
  }
}
