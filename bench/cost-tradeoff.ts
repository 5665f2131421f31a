/**
 * The README's trade-off table for the prod profile: batching window vs end-to-end p99 latency
 * vs monthly cost. Each row's latency is measured on the local pipeline at the prod per-shard
 * rate (bench/lib/cost-latency.ts: minutes each, so run it on a quiet machine); its cost comes
 * from the model (packages/cost). `--no-measure` prints the costs alone, in a second.
 *
 *   npx tsx bench/cost-tradeoff.ts                      # windows 2, 5 and 10 s, plus the reference and prod rows
 *   npx tsx bench/cost-tradeoff.ts --windows 5 15 --out /tmp/tradeoff.json
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIntegerWithin } from '@event-pipeline/cli';
import { loadStageSettings } from '@event-pipeline/cost';
import { Command } from 'commander';
import { type ProfileLatency, profileLatency } from './lib/cost-latency.js';
import { type TradeoffRow, tradeoffRows, tradeoffTable } from './lib/cost-tradeoff.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A batching window: Lambda takes 0 to 300 s (0 is no window, which this trade-off does not weigh). */
const windowSeconds = parseIntegerWithin(1, 300);

const program = new Command()
  .name('npx tsx bench/cost-tradeoff.ts')
  .description(
    "The prod profile's batching window vs end-to-end p99 (local pipeline) vs monthly cost (model).",
  )
  .option('--windows <seconds...>', 'batching windows to try', (value, previous: number[] = []) => [
    ...previous,
    windowSeconds(value),
  ])
  .option('--no-measure', 'price the rows without measuring their latency')
  .option('--out <file>', 'also write the rows as JSON');

async function main(): Promise<void> {
  const flags = program.parse().opts<{ windows?: number[]; measure: boolean; out?: string }>();
  const prod = loadStageSettings(ROOT, 'prod');
  const rows = tradeoffRows(prod, flags.windows ?? [2, 5, 10]);
  const latencies = new Map<TradeoffRow, ProfileLatency>();
  if (flags.measure)
    for (const row of rows) {
      process.stderr.write(`${row.label}: batch ${row.batchSize}, window ${row.batchWindowSeconds} s ...\n`);
      latencies.set(
        row,
        await profileLatency({
          rootDir: ROOT,
          batchSize: row.batchSize,
          batchWindowSeconds: row.batchWindowSeconds,
        }),
      );
    }
  console.log(tradeoffTable(rows, latencies));
  if (flags.out)
    writeFileSync(
      flags.out,
      `${JSON.stringify(
        rows.map((row) => ({
          label: row.label,
          batch_size: row.batchSize,
          batch_window_s: row.batchWindowSeconds,
          fill_s: row.fillSeconds,
          monthly_usd: Math.round(row.bill.total * 100) / 100,
          latency: latencies.get(row) ?? null,
        })),
        null,
        2,
      )}\n`,
    );
}

main().catch((error: unknown) => {
  console.error(`cost-tradeoff: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
