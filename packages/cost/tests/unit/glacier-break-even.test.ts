/**
 * The size above which moving an object to Glacier pays, and the lake's threshold
 * (config/stages.yml glacierMinimumObjectBytes) against it.
 */
import { describe, expect, it } from '@jest/globals';
import { glacierBreakEvenBytes, loadStageSettings } from '../../src/index.js';
import { REPO_ROOT } from '../helpers/repo.js';

describe('glacierBreakEvenBytes', () => {
  it('is where a year of savings repays the transition and the per-object overhead', () => {
    // $0.00003 transition + 12 x (32 KB x $0.0036 + 8 KB x $0.023)/GB = 12 x S x ($0.023 - $0.0036)/GB
    const overhead = (32_768 * 0.0036 + 8192 * 0.023) / 2 ** 30;
    const expected = ((0.00003 + 12 * overhead) * 2 ** 30) / (12 * (0.023 - 0.0036));
    expect(glacierBreakEvenBytes(12)).toBeCloseTo(expected, 6);
    expect(Math.round(glacierBreakEvenBytes(12))).toBe(154_162);
  });

  it('falls with a longer stay, towards the ~16 KB where the overhead alone eats the saving', () => {
    expect(glacierBreakEvenBytes(3)).toBeGreaterThan(glacierBreakEvenBytes(12));
    expect(glacierBreakEvenBytes(12_000)).toBeGreaterThan(15_000);
    expect(glacierBreakEvenBytes(12_000)).toBeLessThan(16_000);
  });

  it.each(['dev', 'prod'])(
    "keeps %s's smaller objects in Standard: above a year's break-even, below half a year's",
    (stage) => {
      const { glacierMinimumObjectBytes } = loadStageSettings(REPO_ROOT, stage).lake;
      expect(glacierMinimumObjectBytes).toBeGreaterThanOrEqual(glacierBreakEvenBytes(12));
      expect(glacierMinimumObjectBytes).toBeLessThan(glacierBreakEvenBytes(6));
    },
  );
});
