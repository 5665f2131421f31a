/**
 * The rows of the trade-off table (bench/cost-tradeoff.ts) without their minutes of local runs:
 * each window's batch is what a prod shard gathers in it, capped by the 6 MB payload, and the
 * bill falls as the batch grows.
 */
import { fileURLToPath } from 'node:url';
import { loadStageSettings } from '@event-pipeline/cost';
import { describe, expect, it } from '@jest/globals';
import { payloadBatch, tradeoffRows, tradeoffTable } from '../lib/cost-tradeoff.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const prod = loadStageSettings(ROOT, 'prod');
const perShard = prod.workload.eventsPerSecond / prod.stream.shards;

describe('the trade-off rows', () => {
  const rows = tradeoffRows(prod, [2, 10, 60]);

  it("start with the reference's batching and end with the prod profile", () => {
    expect(rows.map((row) => row.label)).toEqual([
      'reference (batch 100, 5 s)',
      'window 2 s',
      'window 10 s',
      'window 60 s',
      'prod profile',
    ]);
    expect(rows.at(-1)).toMatchObject({
      batchSize: prod.ingest.batchSize,
      batchWindowSeconds: prod.ingest.batchWindowSeconds,
    });
  });

  it('batch what a shard gathers in the window, at most what the payload holds', () => {
    expect(rows[1]!.batchSize).toBe(Math.floor((perShard * 2) / 100) * 100);
    expect(rows[2]!.batchSize).toBe(Math.floor((perShard * 10) / 100) * 100);
    expect(rows[3]!.batchSize).toBe(payloadBatch(prod.workload.eventBytes));
    expect(payloadBatch(500)).toBeLessThan(10_000);
  });

  it('cost less the larger the batch', () => {
    const totals = rows.slice(0, 4).map((row) => row.bill.total);
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
  });

  it('print as a Markdown table, marking latencies not measured', () => {
    const table = tradeoffTable(rows, new Map());
    expect(table.split('\n')).toHaveLength(2 + rows.length + 2);
    expect(table).toContain('| reference (batch 100, 5 s) | 100 | 5 | not measured |');
  });
});
