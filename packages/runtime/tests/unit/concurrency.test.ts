import { describe, expect, it } from '@jest/globals';
import { settleAll } from '../../src/index.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('settleAll', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await settleAll([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([50, 10, 40, 20, 30, 0]);
  });

  it('settles every item even when some fail', async () => {
    const done: number[] = [];
    const results = await settleAll([1, 2, 3], 1, async (n) => {
      if (n === 1) throw new Error('boom');
      done.push(n);
      return n;
    });
    expect(done).toEqual([2, 3]);
    expect(results[0]).toEqual({ status: 'rejected', reason: new Error('boom') });
  });

  it('handles an empty list and refuses a bad limit', async () => {
    expect(await settleAll([], 4, async () => 1)).toEqual([]);
    await expect(settleAll([1], 0, async () => 1)).rejects.toThrow('limit must be an integer >= 1, got 0');
  });
});
