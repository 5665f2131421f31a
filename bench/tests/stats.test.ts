/** Figures from several bench processes merged into one: the median of each. */
import { describe, expect, it } from '@jest/globals';
import { median, medianBy, medianOfEach } from '../lib/stats.js';

describe('medianOfEach', () => {
  it('takes the median of every number, however deep, and keeps the rest from the first result', () => {
    const results = [
      { ratio: 2.6, label: 'a', nested: { us: 9, rounds: 15 } },
      { ratio: 2.2, label: 'b', nested: { us: 7, rounds: 15 } },
      { ratio: 2.4, label: 'c', nested: { us: 11, rounds: 15 } },
    ];
    expect(medianOfEach(results)).toEqual({ ratio: 2.4, label: 'a', nested: { us: 9, rounds: 15 } });
  });

  it('averages the middle two of an even count, as median does', () => {
    expect(medianOfEach([{ x: 1 }, { x: 4 }])).toEqual({ x: median([1, 4]) });
    expect(median([1, 4])).toBe(2.5);
  });

  it('refuses no results', () => {
    expect(() => medianOfEach([])).toThrow(RangeError);
  });
});

describe('medianBy', () => {
  const runs = [
    { ratio: 2.6, us: 8.1 },
    { ratio: 2.2, us: 7.0 },
    { ratio: 2.4, us: 7.9 },
  ];

  it('returns the whole result with the median value, so that its figures agree', () => {
    expect(medianBy(runs, (run) => run.ratio)).toBe(runs[2]);
  });

  it('takes the lower middle of an even count, and refuses none', () => {
    expect(medianBy(runs.slice(0, 2), (run) => run.ratio)).toBe(runs[1]);
    expect(() => medianBy([], () => 0)).toThrow(RangeError);
  });
});
