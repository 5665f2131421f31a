import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sortedView } from '../../../src/pipeline/sorted-view.js';

describe('sortedView', () => {
  it('is the ascending order of everything appended so far, however it was appended', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }))), (chunks) => {
        const values: number[] = [];
        const sorted = sortedView(values);
        for (const chunk of chunks) {
          values.push(...chunk);
          expect(sorted()).toEqual([...values].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('is empty for no values', () => {
    expect(sortedView([])()).toEqual([]);
  });
});
