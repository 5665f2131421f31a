/**
 * A deterministic local lake for the query tests: the real pipeline (`npm start` with a fixed seed
 * and invalid records) writes raw/, processed/ and quarantine/; then hand-made records are added the
 * way the pipeline would write them: a re-delivered batch (the same records in a second processed
 * object), late events (one last month, one years ago) and the compactor's quarantine, put through
 * the running stack's S3; finally the real compactor (`npm run compact`) writes the curated Parquet
 * of every partition, the hand-made ones included.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig } from '@event-pipeline/cli';
import { readStackFile } from '@event-pipeline/local';
import { type EventType, partitionPath } from '@event-pipeline/schema';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { S3RVER_OBJECT_SUFFIX } from '../../src/local/lake.js';

const REPO_ROOT = new URL('../../../..', import.meta.url).pathname;

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

type Put = (bucket: string, key: string, body: string) => Promise<void>;

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

async function addHandMadeRecords(dataDir: string, put: Put): Promise<void> {
  const processed = bucketName(dataDir, 'processed');
  const objects = lakeObjects(dataDir, 'processed', 'processed/');
  const lines = objects.flatMap((o) => o.lines as unknown as ProcessedLine[]);

  // A batch re-delivered after a partial retry: its records written again, a second later, under another name.
  const first = objects[0]!;
  const redelivered = (first.lines as unknown as ProcessedLine[]).slice(0, 3).map((l) => ({
    ...l,
    processed_timestamp: new Date(Date.parse(l.processed_timestamp) + 1000).toISOString(),
  }));
  await put(
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
    await put(
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
  await put(
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

/** The bucket's name: its folder under the data folder's s3/. */
function bucketName(dataDir: string, role: 'raw' | 'processed'): string {
  return relative(join(dataDir, 's3'), bucketDir(dataDir, role));
}

/** `npm start -- --keep-alive` in the background, once its producer is done and the pipeline settled. */
async function startServingStack(args: readonly string[]): Promise<{ stop(): Promise<string> }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/local.ts', ...args, '--keep-alive'],
    {
      cwd: REPO_ROOT,
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Serving (--keep-alive)')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come to serve (${child.exitCode}):\n${output}`);
    await sleep(200);
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`npm start ended with ${code}:\n${output}`);
      return output;
    },
  };
}

/**
 * Runs the pipeline into `dataDir` (it compacts what it wrote), adds the hand-made records through
 * the stack's S3, then has the real compactor rewrite every partition of processed/, pending or not.
 */
export async function buildTestLake(dataDir: string): Promise<TestLake> {
  const stack = await startServingStack([
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
  try {
    const stackFile = join(dataDir, 'stack.json');
    if (!existsSync(stackFile)) throw new Error(`no stack file at ${stackFile}`);
    const s3 = new S3Client(clientConfig({ stack: readStackFile(stackFile) }, 's3'));
    await addHandMadeRecords(dataDir, async (bucket, key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    });
    s3.destroy();
    const partitions = [
      ...new Set(
        lakeObjects(dataDir, 'processed', 'processed/').map((o) =>
          o.key.slice('processed/'.length).replace(/\/[^/]+$/, ''),
        ),
      ),
    ];
    const compact = await runScript('compact.ts', [
      '--data-dir',
      dataDir,
      ...partitions.flatMap((partition) => ['--partition', partition]),
    ]);
    if (compact.code !== 0) throw new Error(`npm run compact failed (${compact.code}):\n${compact.output}`);
  } finally {
    await stack.stop();
  }
  return { dataDir, objects: (bucket, prefix) => lakeObjects(dataDir, bucket, prefix) };
}
