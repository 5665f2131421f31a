/**
 * The curated dataset checked against the processed lake it was made from (docs/architecture.md
 * §8), partition by partition, by a reader that is not the writer: the curated Parquet objects
 * are read with DuckDB, the processed JSON Lines line by line. Every record id of `processed/`
 * must be in `curated/` exactly once, and nothing else may be there. The lake persists between
 * local runs: a partition's earlier records count as much as this run's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { CURATED_PREFIX, curatedKey } from '@event-pipeline/schema';

export interface CuratedReconciliation {
  /** The partitions checked, and those of them without a curated object. */
  partitions: number;
  uncurated: string[];
  /** Lines of processed/ in those partitions, their distinct record ids, and lines that are no JSON object. */
  processedLines: number;
  processedRecords: number;
  unreadableLines: number;
  /** Rows of their curated objects. */
  curatedRows: number;
  /** Record ids in processed/ and not in curated/ (at most a few shown by callers). */
  missing: string[];
  /** Record ids with more than one curated row. */
  duplicated: string[];
  /** Record ids in curated/ that processed/ does not hold. */
  strays: string[];
  /** Every processed record in curated/ exactly once, and nothing else there. */
  complete: boolean;
  /** The record ids curated/ holds. */
  curatedIds: ReadonlySet<string>;
}

/** The pure comparison: record id -> lines in processed/, record id -> rows in curated/. */
export function compareCurated(input: {
  processed: ReadonlyMap<string, number>;
  curated: ReadonlyMap<string, number>;
  uncurated: readonly string[];
  partitions: number;
  unreadableLines: number;
}): CuratedReconciliation {
  const { processed, curated, uncurated, partitions, unreadableLines } = input;
  const sum = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const missing = [...processed.keys()].filter((id) => !curated.has(id));
  const duplicated = [...curated].filter(([, rows]) => rows > 1).map(([id]) => id);
  const strays = [...curated.keys()].filter((id) => !processed.has(id));
  return {
    partitions,
    uncurated: [...uncurated],
    processedLines: sum(processed),
    processedRecords: processed.size,
    unreadableLines,
    curatedRows: sum(curated),
    missing,
    duplicated,
    strays,
    complete:
      uncurated.length === 0 &&
      unreadableLines === 0 &&
      missing.length === 0 &&
      duplicated.length === 0 &&
      strays.length === 0,
    curatedIds: new Set(curated.keys()),
  };
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    for (const { Key } of page.Contents ?? []) if (Key !== undefined) keys.push(Key);
  return keys;
}

async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Body!.transformToByteArray();
}

/** The record id of a processed line, or undefined when the line is no JSON object with one. */
function recordIdOf(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as { record_id?: unknown } | null)?.record_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Record id -> lines, over every processed object of the partitions. */
async function processedRecordIds(s3: S3Client, bucket: string, partitions: readonly string[]) {
  const counts = new Map<string, number>();
  let unreadable = 0;
  for (const partition of partitions) {
    for (const key of await keysUnder(s3, bucket, `processed/${partition}/`)) {
      const text = Buffer.from(await bytesOf(s3, bucket, key)).toString('utf8');
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const id = recordIdOf(line);
        if (id === undefined) unreadable++;
        else counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return { counts, unreadable };
}

/** Record id -> rows, over the curated objects given, read with DuckDB. */
async function curatedRecordIds(files: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (files.length === 0) return counts;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
    const reader = await connection.runAndReadAll(
      `SELECT record_id, count(*)::INTEGER AS n FROM read_parquet([${list}]) GROUP BY record_id`,
    );
    for (const row of reader.getRowObjectsJS()) counts.set(String(row.record_id), Number(row.n));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return counts;
}

/** The partitions of the processed bucket checked against their curated objects. */
export async function auditCurated(options: {
  s3: S3Client;
  bucket: string;
  partitions: Iterable<string>;
}): Promise<CuratedReconciliation> {
  const { s3, bucket } = options;
  const partitions = [...new Set(options.partitions)].sort();
  const present = new Set(await keysUnder(s3, bucket, CURATED_PREFIX));
  const uncurated = partitions.filter((partition) => !present.has(curatedKey(partition)));
  const dir = await mkdtemp(join(tmpdir(), 'curated-audit-'));
  try {
    const files: string[] = [];
    for (const [i, partition] of partitions.entries()) {
      if (!present.has(curatedKey(partition))) continue;
      const file = join(dir, `${i}.parquet`);
      await writeFile(file, await bytesOf(s3, bucket, curatedKey(partition)));
      files.push(file);
    }
    const [processed, curated] = await Promise.all([
      processedRecordIds(s3, bucket, partitions),
      curatedRecordIds(files),
    ]);
    return compareCurated({
      processed: processed.counts,
      curated,
      uncurated,
      partitions: partitions.length,
      unreadableLines: processed.unreadable,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
