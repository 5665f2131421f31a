/** The line index across its chunks: every line's keys and location read back as they were added. */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { LineIndex } from '../../../src/core/line-index.js';

const LINES = 140_000; // past two chunks of 65,536 lines

const recordIdOf = (i: number) => createHash('sha256').update(String(i)).digest('hex');
const entry = (i: number) => ({
  recordId: recordIdOf(i),
  eventTimeMs: 1_705_312_800_000 + i,
  processedTimeMs: 1_705_312_900_000 + (i % 977),
  rawObject: `s3://raw/object-${Math.floor(i / 25)}.json`,
  fingerprint: Uint8Array.from([i & 255, (i >> 8) & 255, (i >> 16) & 255, 0, 0, 0, 0, i % 3]),
  source: Math.floor(i / 25),
  lineNumber: (i % 25) + 1,
  offset: i * 470 + 2 ** 33, // past 32 bits: offsets are doubles
  length: 400 + (i % 70),
});

describe('LineIndex', () => {
  const index = new LineIndex();
  const positions: number[] = [];
  beforeAll(() => {
    for (let i = 0; i < LINES; i++) positions.push(index.add(entry(i)));
  });

  it('reads back every key and location, on both sides of each chunk boundary', () => {
    expect(index.count).toBe(LINES);
    expect(positions.every((position, i) => position === i)).toBe(true);
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, LINES - 1]) {
      const e = entry(i);
      expect({
        recordId: index.recordId(i),
        eventTimeMs: index.eventTime(i),
        processedTimeMs: index.processedTime(i),
        rawObject: index.rawObject(i),
        source: index.source(i),
        lineNumber: index.lineNumber(i),
        offset: index.offset(i),
        length: index.length(i),
      }).toEqual({ ...e, fingerprint: undefined, recordId: e.recordId });
    }
  });

  it('compares record ids as their hex does, and fingerprints byte for byte', () => {
    for (const [a, b] of [
      [3, 70_000],
      [65_535, 65_536],
      [139_999, 12],
    ] as const) {
      const expected = recordIdOf(a) < recordIdOf(b) ? -1 : 1;
      expect(index.compareRecordIds(a, b)).toBe(expected);
      expect(index.compareRecordIds(b, a)).toBe(-expected);
      expect(index.compareRecordIds(a, a)).toBe(0);
    }
    const small = new LineIndex();
    const bytes = [9, 8, 7, 6, 5, 4, 3, 2];
    small.add({ ...entry(0), fingerprint: Uint8Array.from(bytes) });
    small.add({ ...entry(1), fingerprint: Uint8Array.from(bytes) });
    small.add({ ...entry(2), fingerprint: Uint8Array.from([...bytes.slice(0, 7), 1]) });
    small.add({ ...entry(3), fingerprint: Uint8Array.from([1, ...bytes.slice(1)]) });
    expect([small.sameFingerprint(0, 1), small.sameFingerprint(0, 2), small.sameFingerprint(0, 3)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('keeps every location once the keys are released', () => {
    index.keepOnlyLocations();
    for (const i of [0, 65_536, LINES - 1]) {
      expect([index.offset(i), index.length(i)]).toEqual([entry(i).offset, entry(i).length]);
    }
  });
});
