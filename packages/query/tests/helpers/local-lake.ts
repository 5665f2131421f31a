/**
 * A deterministic local lake for the query tests: the real pipeline (`npm start` with a fixed seed
 * and invalid records) writes raw/, processed/ and quarantine/; then hand-made records are added the
 * way the pipeline would write them: a re-delivered batch (the same records in a second processed
 * object), late events (one last month, one years ago) and the compactor's quarantine; finally the
 * curated Parquet files, one per partition-hour, each record once (a stand-in for the compactor).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CURATED_COLUMNS, curatedKey, type EventType, partitionPath } from '@event-pipeline/schema';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { duckdbType, quoteIdentifier } from '../../src/catalog/column-types.js';
import { S3RVER_OBJECT_SUFFIX } from '../../src/local/lake.js';

export interface ProcessedLine {
  record_id: string;
  event_type: EventType;
  original_timestamp: string;
  original_data: Record<string, unknown>;
  enriched_data: Record<string, unknown>;
  kinesis_metadata: {
    shard_id: string;
    sequence_number: string;
    partition_key: string;
    approximate_arrival_timestamp: number;
  };
  processed_timestamp: string;
  metadata: { raw_object: string };
}

/** An object of the lake: its key, the partition values in its path, and its JSON lines. */
export interface LakeObject {
  key: string;
  partition: Record<string, string>;
  lines: Array<Record<string, unknown>>;
}

export interface TestLake {
  dataDir: string;
  objects(bucket: 'raw' | 'processed', prefix: string): LakeObject[];
}

function bucketDir(dataDir: string, role: 'raw' | 'processed'): string {
  const s3 = join(dataDir, 's3');
  const folder = readdirSync(s3).find((f) => new RegExp(`-${role}-\\d{12}-`).test(f));
  if (!folder) throw new Error(`no ${role} bucket under ${s3}`);
  return join(s3, folder);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function putObject(bucket: string, key: string, body: string | Uint8Array): void {
  const file = join(bucket, `${key}${S3RVER_OBJECT_SUFFIX}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, body);
}

const jsonLines = (lines: readonly object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;

export function lakeObjects(dataDir: string, role: 'raw' | 'processed', prefix: string): LakeObject[] {
  const bucket = bucketDir(dataDir, role);
  return walk(bucket)
    .filter((f) => f.endsWith(S3RVER_OBJECT_SUFFIX))
    .map((f) => relative(bucket, f).slice(0, -S3RVER_OBJECT_SUFFIX.length))
    .filter((key) => key.startsWith(prefix) && key.endsWith('.json'))
    .sort()
    .map((key) => ({
      key,
      partition: Object.fromEntries([...key.matchAll(/([a-z_]+)=([^/]+)\//g)].map((m) => [m[1]!, m[2]!])),
      lines: readFileSync(join(bucket, `${key}${S3RVER_OBJECT_SUFFIX}`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    }));
}

const DATE_FIELD: Record<EventType, string> = {
  transaction: 'transaction_date',
  user_action: 'action_date',
  metric: 'metric_date',
  system_event: 'event_date',
};

/** The same event content at another time: a late event, in the partition of its own timestamp. */
function lateCopy(line: ProcessedLine, timestamp: string, tag: string): ProcessedLine {
  return {
    ...line,
    record_id: createHash('sha256').update(`${tag}:${line.record_id}`).digest('hex'),
    original_timestamp: timestamp,
    enriched_data: { ...line.enriched_data, [DATE_FIELD[line.event_type]]: timestamp.slice(0, 10) },
  };
}

function addHandMadeRecords(dataDir: string): void {
  const processed = bucketDir(dataDir, 'processed');
  const objects = lakeObjects(dataDir, 'processed', 'processed/');
  const lines = objects.flatMap((o) => o.lines as unknown as ProcessedLine[]);

  // A batch re-delivered after a partial retry: its records written again, a second later, under another name.
  const first = objects[0]!;
  const redelivered = (first.lines as unknown as ProcessedLine[]).slice(0, 3).map((l) => ({
    ...l,
    processed_timestamp: new Date(Date.parse(l.processed_timestamp) + 1000).toISOString(),
  }));
  putObject(
    processed,
    first.key.replace(/data_[^/]+\.json$/, 'data_shardId-000000000009_1_3.json'),
    jsonLines(redelivered),
  );

  // Late events: one of each type from 40 days ago, and one from years ago (outside the saved queries' window).
  const byType = new Map(lines.map((l) => [l.event_type, l]));
  const lastMonth = new Date(Date.now() - 40 * 86_400_000);
  lastMonth.setUTCMinutes(17, 5, 250);
  const late = [...byType.values()].map((l, i) =>
    lateCopy(l, new Date(lastMonth.getTime() + i * 1000).toISOString(), 'late'),
  );
  late.push(lateCopy(lines[0]!, '2019-06-01T12:00:00.000Z', 'ancient'));
  for (const line of late) {
    const partition = partitionPath({ event_type: line.event_type, timestamp: line.original_timestamp });
    putObject(
      processed,
      `processed/${partition}/data_shardId-000000000008_${line.record_id.slice(0, 8)}.json`,
      jsonLines([line]),
    );
  }

  // The compactor's quarantine: two lines sharing a record id with different content.
  const partition = partitionPath({
    event_type: lines[0]!.event_type,
    timestamp: lines[0]!.original_timestamp,
  });
  putObject(
    processed,
    `quarantine/reason=conflicting_record_id/${partition}/compaction.json`,
    jsonLines([
      {
        error: { code: 'conflicting_record_id', message: 'differs', path: '/record_id' },
        record_id: lines[0]!.record_id,
        processed_object: `s3://x/${first.key}`,
        line_number: 1,
        line: '{}',
      },
    ]),
  );
}

/** One row per record_id of a partition: the earliest processed_timestamp, then raw_object (§8). */
export function distinctRecords(lines: readonly ProcessedLine[]): ProcessedLine[] {
  const kept = new Map<string, ProcessedLine>();
  const order = (l: ProcessedLine) => `${l.processed_timestamp}\u0000${l.metadata.raw_object}`;
  for (const line of lines) {
    const known = kept.get(line.record_id);
    if (!known || order(line) < order(known)) kept.set(line.record_id, line);
  }
  return [...kept.values()];
}

function curatedRow(line: ProcessedLine): Record<string, unknown> {
  const m = line.kinesis_metadata;
  const row: Record<string, unknown> = {
    record_id: line.record_id,
    event_id: null,
    event_time: line.original_timestamp,
    original_timestamp: line.original_timestamp,
    source: null,
    shard_id: m.shard_id,
    sequence_number: m.sequence_number,
    partition_key: m.partition_key,
    arrival_time: new Date(m.approximate_arrival_timestamp * 1000).toISOString(),
    processed_time: line.processed_timestamp,
    raw_object: line.metadata.raw_object,
    extra: null,
  };
  for (const column of CURATED_COLUMNS[line.event_type]) {
    if (column.origin !== 'common') row[column.name] = line.enriched_data[column.name] ?? null;
  }
  return row;
}

/** Curated Parquet per partition, written by DuckDB with the generated columns (UTC timestamps, DATE). */
async function writeCurated(dataDir: string): Promise<void> {
  const processed = bucketDir(dataDir, 'processed');
  const partitions = new Map<string, ProcessedLine[]>();
  for (const object of lakeObjects(dataDir, 'processed', 'processed/')) {
    const partition = object.key.slice('processed/'.length).replace(/\/[^/]+$/, '');
    partitions.set(partition, [
      ...(partitions.get(partition) ?? []),
      ...(object.lines as unknown as ProcessedLine[]),
    ]);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const [partition, lines] of partitions) {
      const eventType = lines[0]!.event_type;
      const columns = CURATED_COLUMNS[eventType];
      const source = join(dataDir, 'curated-rows', `${partition.replaceAll('/', '_')}.jsonl`);
      mkdirSync(dirname(source), { recursive: true });
      writeFileSync(source, jsonLines(distinctRecords(lines).map(curatedRow)));
      const types = (t: string) => (t === 'timestamp' ? 'TIMESTAMPTZ' : duckdbType(t as 'string'));
      const readAs = `{${columns.map((c) => `'${c.name}': 'VARCHAR'`).join(', ')}}`;
      const select = columns.map(
        (c) => `CAST(${quoteIdentifier(c.name)} AS ${types(c.type)}) AS ${quoteIdentifier(c.name)}`,
      );
      const target = join(processed, `${curatedKey(partition)}${S3RVER_OBJECT_SUFFIX}`);
      mkdirSync(dirname(target), { recursive: true });
      await connection.run(
        `COPY (SELECT ${select.join(', ')} FROM read_json('${source}', format = 'newline_delimited', columns = ${readAs}) ORDER BY event_time, record_id) TO '${target}' (FORMAT parquet)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Runs the pipeline into `dataDir`, then adds the hand-made records and the curated files. */
export async function buildTestLake(dataDir: string): Promise<TestLake> {
  const run = await runScript('local.ts', [
    '--seed',
    '20240115',
    '--rate',
    '60',
    '--duration',
    '2',
    '--batch-size',
    '20',
    '--invalid-fraction',
    '0.1',
    '--data-dir',
    dataDir,
    '--log-level',
    'SILENT',
  ]);
  if (run.code !== 0) throw new Error(`npm start failed (${run.code}):\n${run.output}`);
  addHandMadeRecords(dataDir);
  await writeCurated(dataDir);
  return { dataDir, objects: (bucket, prefix) => lakeObjects(dataDir, bucket, prefix) };
}
