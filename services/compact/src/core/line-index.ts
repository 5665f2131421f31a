/**
 * What compaction holds per processed line while it reads a partition: the keys it sorts and
 * deduplicates on, in typed arrays (about 80 bytes a line, 1.8 million lines in ~145 MB), and
 * where the line's row was spilled. The rows themselves stay out of the heap (row-store.ts).
 */

const RECORD_ID_WORDS = 8;
const FINGERPRINT_WORDS = 2;
const INITIAL_CAPACITY = 1024;

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
  eventTimeMs = new Float64Array(INITIAL_CAPACITY);
  processedTimeMs = new Float64Array(INITIAL_CAPACITY);
  recordIds = new Uint32Array(INITIAL_CAPACITY * RECORD_ID_WORDS);
  fingerprints = new Uint32Array(INITIAL_CAPACITY * FINGERPRINT_WORDS);
  rawObjectIds = new Uint32Array(INITIAL_CAPACITY);
  sources = new Uint32Array(INITIAL_CAPACITY);
  lineNumbers = new Uint32Array(INITIAL_CAPACITY);
  offsets = new Float64Array(INITIAL_CAPACITY);
  lengths = new Uint32Array(INITIAL_CAPACITY);
  /** Distinct raw object URIs (a processed object's lines share one). */
  readonly rawObjects: string[] = [];
  private readonly rawObjectIdOf = new Map<string, number>();

  add(entry: IndexEntry): number {
    if (this.count === this.eventTimeMs.length) this.grow();
    const i = this.count++;
    this.eventTimeMs[i] = entry.eventTimeMs;
    this.processedTimeMs[i] = entry.processedTimeMs;
    for (let w = 0; w < RECORD_ID_WORDS; w++)
      this.recordIds[i * RECORD_ID_WORDS + w] = Number.parseInt(entry.recordId.slice(w * 8, w * 8 + 8), 16);
    const fp = entry.fingerprint;
    this.fingerprints[i * 2] = ((fp[0]! << 24) | (fp[1]! << 16) | (fp[2]! << 8) | fp[3]!) >>> 0;
    this.fingerprints[i * 2 + 1] = ((fp[4]! << 24) | (fp[5]! << 16) | (fp[6]! << 8) | fp[7]!) >>> 0;
    let rawObjectId = this.rawObjectIdOf.get(entry.rawObject);
    if (rawObjectId === undefined) {
      rawObjectId = this.rawObjects.push(entry.rawObject) - 1;
      this.rawObjectIdOf.set(entry.rawObject, rawObjectId);
    }
    this.rawObjectIds[i] = rawObjectId;
    this.sources[i] = entry.source;
    this.lineNumbers[i] = entry.lineNumber;
    this.offsets[i] = entry.offset;
    this.lengths[i] = entry.length;
    return i;
  }

  /** Orders two lines by record id (the 256 bits, word by word). */
  compareRecordIds(a: number, b: number): number {
    const ids = this.recordIds;
    for (let w = 0; w < RECORD_ID_WORDS; w++) {
      const x = ids[a * RECORD_ID_WORDS + w]!;
      const y = ids[b * RECORD_ID_WORDS + w]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  sameFingerprint(a: number, b: number): boolean {
    const fp = this.fingerprints;
    return fp[a * 2] === fp[b * 2] && fp[a * 2 + 1] === fp[b * 2 + 1];
  }

  recordId(i: number): string {
    let hex = '';
    for (let w = 0; w < RECORD_ID_WORDS; w++)
      hex += this.recordIds[i * RECORD_ID_WORDS + w]!.toString(16).padStart(8, '0');
    return hex;
  }

  rawObject(i: number): string {
    return this.rawObjects[this.rawObjectIds[i]!]!;
  }

  /**
   * Once the rows are chosen only where each one is stored is still needed: the keys go (about
   * 70 of the 80 bytes a line, ~130 MB on a partition-hour) before the rows are written.
   */
  keepOnlyLocations(): void {
    this.offsets = this.offsets.slice(0, this.count);
    this.lengths = this.lengths.slice(0, this.count);
    this.eventTimeMs = new Float64Array(0);
    this.processedTimeMs = new Float64Array(0);
    this.recordIds = new Uint32Array(0);
    this.fingerprints = new Uint32Array(0);
    this.rawObjectIds = new Uint32Array(0);
    this.sources = new Uint32Array(0);
    this.lineNumbers = new Uint32Array(0);
    this.rawObjects.length = 0;
    this.rawObjectIdOf.clear();
  }

  private grow(): void {
    const grown = <T extends Float64Array | Uint32Array>(array: T, factor = 1): T => {
      const next = new (array.constructor as new (length: number) => T)(this.eventTimeMs.length * 2 * factor);
      next.set(array);
      return next;
    };
    this.processedTimeMs = grown(this.processedTimeMs);
    this.recordIds = grown(this.recordIds, RECORD_ID_WORDS);
    this.fingerprints = grown(this.fingerprints, FINGERPRINT_WORDS);
    this.rawObjectIds = grown(this.rawObjectIds);
    this.sources = grown(this.sources);
    this.lineNumbers = grown(this.lineNumbers);
    this.offsets = grown(this.offsets);
    this.lengths = grown(this.lengths);
    // Last: the others size themselves from it.
    this.eventTimeMs = grown(this.eventTimeMs);
  }
}
