/**
 * What compaction holds per processed line while it reads a partition: the keys it sorts and
 * deduplicates on, and where the line's row was spilled (about 80 bytes a line, 1.89 million
 * lines in ~150 MB). The rows themselves stay out of the heap (row-store.ts). Typed arrays in
 * chunks of 65,536 lines: growing never copies, so memory is the lines' 80 bytes and no more
 * (a doubled copy would need three times that at the moment it grows).
 */

const RECORD_ID_WORDS = 8;
const FINGERPRINT_WORDS = 2;
const CHUNK_BITS = 16;
const CHUNK_LINES = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_LINES - 1;

/** One value (or `width` values) per line, in chunks. */
class Column<T extends Float64Array | Uint32Array> {
  chunks: T[] = [];

  constructor(
    private readonly make: (length: number) => T,
    private readonly width = 1,
  ) {}

  /** Makes room for the chunk that starts at line `i`. */
  extend(): void {
    this.chunks.push(this.make(CHUNK_LINES * this.width));
  }

  get(i: number, word = 0): number {
    return this.chunks[i >>> CHUNK_BITS]![(i & IN_CHUNK) * this.width + word]!;
  }

  set(i: number, value: number, word = 0): void {
    this.chunks[i >>> CHUNK_BITS]![(i & IN_CHUNK) * this.width + word] = value;
  }

  release(): void {
    this.chunks = [];
  }
}

const float64 = (length: number) => new Float64Array(length);
const uint32 = (length: number) => new Uint32Array(length);

export interface IndexEntry {
  /** 64 lower-case hex digits. */
  recordId: string;
  eventTimeMs: number;
  processedTimeMs: number;
  rawObject: string;
  /** 8 bytes identifying the event content (type, timestamp, data). */
  fingerprint: Uint8Array;
  /** Which source object (its position in key order) and line (1-based) it came from. */
  source: number;
  lineNumber: number;
  /** Where its row is in the row store. */
  offset: number;
  length: number;
}

export class LineIndex {
  count = 0;
  private readonly eventTimes = new Column(float64);
  private readonly processedTimes = new Column(float64);
  private readonly recordIds = new Column(uint32, RECORD_ID_WORDS);
  private readonly fingerprints = new Column(uint32, FINGERPRINT_WORDS);
  private readonly rawObjectIds = new Column(uint32);
  private readonly sources = new Column(uint32);
  private readonly lineNumbers = new Column(uint32);
  private readonly offsets = new Column(float64);
  private readonly lengths = new Column(uint32);
  private readonly keys = [
    this.eventTimes,
    this.processedTimes,
    this.recordIds,
    this.fingerprints,
    this.rawObjectIds,
    this.sources,
    this.lineNumbers,
  ];
  private readonly locations = [this.offsets, this.lengths];
  /** Distinct raw object URIs (a processed object's lines share one). */
  private rawObjects: string[] = [];
  private rawObjectIdOf = new Map<string, number>();

  add(entry: IndexEntry): number {
    const i = this.count++;
    if ((i & IN_CHUNK) === 0) for (const column of [...this.keys, ...this.locations]) column.extend();
    this.eventTimes.set(i, entry.eventTimeMs);
    this.processedTimes.set(i, entry.processedTimeMs);
    for (let w = 0; w < RECORD_ID_WORDS; w++)
      this.recordIds.set(i, Number.parseInt(entry.recordId.slice(w * 8, w * 8 + 8), 16), w);
    const fp = entry.fingerprint;
    this.fingerprints.set(i, ((fp[0]! << 24) | (fp[1]! << 16) | (fp[2]! << 8) | fp[3]!) >>> 0, 0);
    this.fingerprints.set(i, ((fp[4]! << 24) | (fp[5]! << 16) | (fp[6]! << 8) | fp[7]!) >>> 0, 1);
    let rawObjectId = this.rawObjectIdOf.get(entry.rawObject);
    if (rawObjectId === undefined) {
      rawObjectId = this.rawObjects.push(entry.rawObject) - 1;
      this.rawObjectIdOf.set(entry.rawObject, rawObjectId);
    }
    this.rawObjectIds.set(i, rawObjectId);
    this.sources.set(i, entry.source);
    this.lineNumbers.set(i, entry.lineNumber);
    this.offsets.set(i, entry.offset);
    this.lengths.set(i, entry.length);
    return i;
  }

  eventTime(i: number): number {
    return this.eventTimes.get(i);
  }

  processedTime(i: number): number {
    return this.processedTimes.get(i);
  }

  source(i: number): number {
    return this.sources.get(i);
  }

  lineNumber(i: number): number {
    return this.lineNumbers.get(i);
  }

  offset(i: number): number {
    return this.offsets.get(i);
  }

  length(i: number): number {
    return this.lengths.get(i);
  }

  /** Orders two lines by record id (the 256 bits, word by word). */
  compareRecordIds(a: number, b: number): number {
    const ids = this.recordIds;
    for (let w = 0; w < RECORD_ID_WORDS; w++) {
      const x = ids.get(a, w);
      const y = ids.get(b, w);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  sameFingerprint(a: number, b: number): boolean {
    const fp = this.fingerprints;
    return fp.get(a, 0) === fp.get(b, 0) && fp.get(a, 1) === fp.get(b, 1);
  }

  recordId(i: number): string {
    let hex = '';
    for (let w = 0; w < RECORD_ID_WORDS; w++) hex += this.recordIds.get(i, w).toString(16).padStart(8, '0');
    return hex;
  }

  rawObject(i: number): string {
    return this.rawObjects[this.rawObjectIds.get(i)]!;
  }

  /**
   * Once the rows are chosen only where each one is stored is still needed: the keys go (68
   * of the 80 bytes a line, ~130 MB on a partition-hour) before the rows are written.
   */
  keepOnlyLocations(): void {
    for (const column of this.keys) column.release();
    this.rawObjects = [];
    this.rawObjectIdOf = new Map();
  }
}
