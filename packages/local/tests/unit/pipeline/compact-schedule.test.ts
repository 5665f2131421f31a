import type { CompactedPartition } from '@event-pipeline/compact';
import { describe, expect, it } from '@jest/globals';
import { countCompactions, localTimings, rateSeconds } from '../../../src/pipeline/compact-schedule.js';

describe('the compactor schedule at local speed', () => {
  it.each([
    ['rate(15 minutes)', 900],
    ['rate(1 minute)', 60],
    ['rate(2 hours)', 7200],
    ['rate(1 day)', 86_400],
    ['cron(0/15 * * * ? *)', undefined],
    ['rate(fast)', undefined],
  ])('reads the period of %s: %p s', (expression, seconds) => {
    expect(rateSeconds(expression)).toBe(seconds);
  });

  it('keeps the settle time its share of the period', () => {
    // The stage's 5 minutes of a 15-minute schedule: a third of the local period.
    expect(localTimings('rate(15 minutes)', 300, 60)).toEqual({ everySeconds: 60, settleSeconds: 20 });
    expect(localTimings('rate(1 hour)', 0, 30)).toEqual({ everySeconds: 30, settleSeconds: 0 });
  });

  it('asks one quiet local period of a cron schedule, which has no period to scale by', () => {
    expect(localTimings('cron(0 * * * ? *)', 300, 45)).toEqual({ everySeconds: 45, settleSeconds: 45 });
  });
});

describe('countCompactions', () => {
  const compacted = (partition: string, rows: number, duplicates: number): CompactedPartition => ({
    partition,
    rows,
    duplicates_dropped: duplicates,
    conflicts: 1,
    quarantined: 2,
    source_objects: 3,
    bytes_in: 1000,
    bytes_out: 150,
    output_key: `curated/${partition}/data.parquet`,
    completed: true,
  });

  it('sums the latest compaction of each partition', () => {
    expect(
      countCompactions([compacted('a', 10, 1), compacted('b', 5, 0)], { runs: 3, failedRuns: 1 }),
    ).toEqual({
      runs: 3,
      failedRuns: 1,
      partitions: 2,
      rows: 15,
      duplicatesDropped: 1,
      conflicts: 2,
      quarantined: 4,
      bytesIn: 2000,
      bytesOut: 300,
    });
  });
});
