import { describe, expect, it } from '@jest/globals';
import { type SettleProbe, settle } from '../../../src/pipeline/settle.js';

const probe = (state: { accounted: boolean; quiet: boolean; checkpointedAll: boolean }): SettleProbe => ({
  accounted: () => state.accounted,
  quiet: () => state.quiet,
  checkpointedAll: () => state.checkpointedAll,
});

async function elapsed(run: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await run();
  return Date.now() - started;
}

describe('settle', () => {
  it('returns as soon as everything is accounted for and nothing is in flight', async () => {
    const ms = await elapsed(() =>
      settle(probe({ accounted: true, quiet: true, checkpointedAll: true }), 5_000),
    );
    expect(ms).toBeLessThan(500);
  });

  it('gives a caught-up, quiet pipeline a moment before calling the rest missing', async () => {
    const ms = await elapsed(() =>
      settle(probe({ accounted: false, quiet: true, checkpointedAll: true }), 5_000),
    );
    expect(ms).toBeGreaterThanOrEqual(1_000);
    expect(ms).toBeLessThan(4_000);
  });

  it('waits for what is in flight, even once accounted for, until the timeout', async () => {
    const ms = await elapsed(() =>
      settle(probe({ accounted: true, quiet: false, checkpointedAll: true }), 300),
    );
    expect(ms).toBeGreaterThanOrEqual(300);
  });

  it('returns when what was in flight is done', async () => {
    const state = { accounted: true, quiet: false, checkpointedAll: true };
    setTimeout(() => {
      state.quiet = true;
    }, 200);
    const ms = await elapsed(() => settle(probe(state), 5_000));
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(1_000);
  });
});
