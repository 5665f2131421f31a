/**
 * Memory and throughput of compacting one partition-hour at the stream's full rate (issue 12:
 * 1.8 million transaction records, 2 shards at 2,000 records/s), with 5% re-delivered
 * duplicates: rows/s, peak RSS, and curated Parquet bytes against the JSON Lines bytes. The
 * compaction runs in a fresh process (partition-child.ts) with a given heap limit
 * (`--max-old-space-size`) and row group size; by default the deployed function's
 * (deployed-settings.ts). `npm run bench` runs it as its `compact` entry (compaction.ts).
 *
 *   npx tsx bench/compact/partition.ts [--records 1800000] [--duplicates 0.05] [--row-group-rows <n>] [--heap-mb <MB>]
 */
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runNode } from '../lib/child.js';
import { deployedCompactSettings } from './deployed-settings.js';

export interface PartitionBenchResult {
  records: number;
  lines: number;
  rows: number;
  row_groups: number;
  duplicates: number;
  seconds: number;
  generate_s: number;
  read_and_index_s: number;
  select_s: number;
  write_s: number;
  rows_per_s: number;
  peak_rss_mb: number;
  /** RSS once every line is read and indexed, and once the rows are chosen (the keys released). */
  rss_after_read_mb: number;
  rss_after_select_mb: number;
  json_lines_bytes: number;
  curated_bytes: number;
  curated_to_json_ratio: number;
  spill_bytes: number;
}

const CHILD = fileURLToPath(new URL('./partition-child.ts', import.meta.url));

export function benchPartition(options: {
  records: number;
  duplicates: number;
  rowGroupRows: number;
  heapMb: number;
  semiSpaceMb: number;
}): Promise<PartitionBenchResult> {
  return runNode<PartitionBenchResult>({
    args: [
      '--import',
      'tsx',
      CHILD,
      String(options.records),
      String(options.duplicates),
      String(options.rowGroupRows),
    ],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TMPDIR: process.env.TMPDIR ?? '/tmp',
    },
    nodeOptions: `--max-semi-space-size=${options.semiSpaceMb} --max-old-space-size=${options.heapMb}`,
    label: 'compacting a partition',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const deployed = deployedCompactSettings(fileURLToPath(new URL('../..', import.meta.url)));
  const flags = new Command()
    .option('--records <n>', 'distinct records in the partition', Number, 1_800_000)
    .option('--duplicates <fraction>', 'records delivered twice', Number, 0.05)
    .option('--row-group-rows <n>', 'rows per Parquet row group', Number, deployed.rowGroupRows)
    .option('--heap-mb <n>', "the V8 heap limit (the function's NODE_OPTIONS)", Number, deployed.heapMb)
    .option(
      '--semi-space-mb <n>',
      "V8's semi-space size (the function's NODE_OPTIONS)",
      Number,
      deployed.semiSpaceMb,
    )
    .parse()
    .opts<{
      records: number;
      duplicates: number;
      rowGroupRows: number;
      heapMb: number;
      semiSpaceMb: number;
    }>();
  const result = await benchPartition(flags);
  console.log(JSON.stringify(result, null, 2));
}
