/**
 * The measured part of bench/compact/partition.ts, in a fresh process so that its peak RSS is
 * the compaction's: `records` processed lines of one transaction partition-hour (plus
 * re-delivered duplicates) generated as the transformer writes them, compacted by the service's
 * own core (line index + /tmp row store + hyparquet-writer row groups) into a sink that counts
 * the Parquet bytes. S3 is left out: this measures CPU and memory, not round trips.
 * Usage: node --import tsx partition-child.ts <records> <duplicateFraction> <rowGroupRows>
 */
import { createHash } from 'node:crypto';
import { FileRowStore, PartitionCompaction, writeCuratedFile } from '@event-pipeline/compact';
import { CURATED_COLUMNS, type PipelineEvent, sampleBatch } from '@event-pipeline/schema';
import { DEFAULT_THRESHOLDS, processedLine } from '@event-pipeline/transform';
import { reportResult } from '../lib/child.js';

const [records = 1_800_000, duplicateFraction = 0.05, rowGroupRows = 100_000] = process.argv
  .slice(2)
  .map(Number);
const PARTITION = 'event_type=transaction/year=2024/month=01/day=15/hour=10';
const HOUR = Date.parse('2024-01-15T10:00:00Z');
const LINES_PER_OBJECT = 25;

// Distinct transaction payloads, cycled; every record gets its own id, time and position.
const bases = sampleBatch(20_000, { seed: 21 }).flatMap((s) =>
  s.valid && s.event.event_type === 'transaction' ? [s.event] : [],
);

function line(index: number, processedLag: number): string {
  const base = bases[index % bases.length]!;
  const time = new Date(HOUR + Math.floor((index * 3_600_000) / records));
  const event = {
    ...base,
    event_id: createHash('sha256').update(String(index)).digest('hex').slice(0, 32),
    timestamp: time.toISOString(),
  } as PipelineEvent;
  const shard = index % 2;
  const record = processedLine(
    {
      ...event,
      kinesis_metadata: {
        shard_id: `shardId-00000000000${shard}`,
        sequence_number: `4965432109876543210987654321098765432109876543210${String(index).padStart(7, '0')}`,
        partition_key: String(event.event_id),
        approximate_arrival_timestamp: time.getTime() / 1000 + 0.25,
      },
    },
    {
      rawObject: `s3://event-pipeline-bench-raw/raw/${PARTITION}/data_shardId-00000000000${shard}_${Math.floor(index / LINES_PER_OBJECT)}.json`,
      processedAt: new Date(time.getTime() + processedLag).toISOString(),
      thresholds: DEFAULT_THRESHOLDS,
    },
  );
  return JSON.stringify(record);
}

const started = performance.now();
const store = new FileRowStore();
const compaction = new PartitionCompaction(PARTITION, 'transaction', store);
let jsonBytes = 0;
let lines = 0;
// Making the lines is the transformer's work, not the compaction's: timed apart and left out of rows/s.
let generateMs = 0;
const every = duplicateFraction > 0 ? Math.round(1 / duplicateFraction) : 0;
for (let i = 0; i < records; i++) {
  const copies = every > 0 && i % every === 0 ? [1_500, 90_000] : [1_500];
  for (const lag of copies) {
    const made = performance.now();
    const text = line(i, lag);
    generateMs += performance.now() - made;
    jsonBytes += Buffer.byteLength(text) + 1;
    lines++;
    compaction.addLine(text, {
      source: Math.floor(lines / LINES_PER_OBJECT),
      lineNumber: (lines % LINES_PER_OBJECT) + 1,
    });
  }
}
const readMs = performance.now() - started;
const rssMb = () => process.memoryUsage.rss() / 1024 / 1024;
const readRssMb = rssMb();
const plan = compaction.finish();
const sortedMs = performance.now() - started;
const selectedRssMb = rssMb();
let parquetBytes = 0;
const written = await writeCuratedFile(CURATED_COLUMNS.transaction, plan.rowGroups(rowGroupRows), {
  write: async (bytes) => {
    parquetBytes += bytes.byteLength;
  },
});
const totalMs = performance.now() - started;
const spillBytes = store.bytes;
store.dispose();
reportResult({
  records,
  lines,
  rows: written.rows,
  row_groups: written.rowGroups,
  duplicates: plan.duplicates,
  seconds: (totalMs - generateMs) / 1000,
  generate_s: generateMs / 1000,
  read_and_index_s: (readMs - generateMs) / 1000,
  select_s: (sortedMs - readMs) / 1000,
  write_s: (totalMs - sortedMs) / 1000,
  rows_per_s: lines / ((totalMs - generateMs) / 1000),
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  rss_after_read_mb: readRssMb,
  rss_after_select_mb: selectedRssMb,
  json_lines_bytes: jsonBytes,
  curated_bytes: parquetBytes,
  curated_to_json_ratio: parquetBytes / jsonBytes,
  spill_bytes: spillBytes,
});
