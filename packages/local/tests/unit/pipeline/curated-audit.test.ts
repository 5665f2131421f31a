import { describe, expect, it } from '@jest/globals';
import { compareCurated } from '../../../src/pipeline/curated-audit.js';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('compareCurated', () => {
  it('is complete when every processed record has exactly one curated row and nothing else is there', () => {
    const result = compareCurated({
      processed: counts({ a: 2, b: 1, c: 1 }),
      curated: counts({ a: 1, b: 1, c: 1 }),
      uncurated: [],
      partitions: 2,
      unreadableLines: 0,
    });
    expect(result).toMatchObject({
      partitions: 2,
      processedLines: 4,
      processedRecords: 3,
      curatedRows: 3,
      missing: [],
      duplicated: [],
      strays: [],
      complete: true,
    });
    expect([...result.curatedIds].sort()).toEqual(['a', 'b', 'c']);
  });

  it('names what is missing, curated twice, or curated without a processed line', () => {
    const result = compareCurated({
      processed: counts({ a: 1, b: 1, c: 1 }),
      curated: counts({ a: 2, c: 1, z: 1 }),
      uncurated: [],
      partitions: 1,
      unreadableLines: 0,
    });
    expect(result).toMatchObject({ missing: ['b'], duplicated: ['a'], strays: ['z'], complete: false });
  });

  it('is not complete with a partition that has no curated object, or processed lines it could not read', () => {
    const same = { processed: counts({ a: 1 }), curated: counts({ a: 1 }), partitions: 1 };
    expect(compareCurated({ ...same, uncurated: ['p'], unreadableLines: 0 }).complete).toBe(false);
    expect(compareCurated({ ...same, uncurated: [], unreadableLines: 1 }).complete).toBe(false);
  });
});
