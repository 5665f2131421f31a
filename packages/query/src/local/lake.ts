/**
 * Where the local lake is: `npm start` keeps each S3 bucket under `<data dir>/s3/<bucket>/`, an
 * object's bytes in `<key>._S3rver_object` (s3rver's file store). The bucket names come from
 * `<data dir>/stack.json` while a stack runs, and otherwise from the folders' names
 * (`<app>-<stage>-raw-<account>-<region>` and `...-processed-...`, resources/buckets.yml), so the
 * tool works whether the stack is running or not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LakeBucket } from '../catalog/tables.js';
import { QueryError, UsageError } from '../errors.js';

/** The suffix s3rver gives the file holding an object's bytes (beside `.md5` and `._S3rver_metadata.json`). */
export const S3RVER_OBJECT_SUFFIX = '._S3rver_object';

export interface LocalLake {
  /** `<data dir>/s3`. */
  s3Dir: string;
  /** Each bucket's folder. */
  buckets: Readonly<Record<LakeBucket, string>>;
}

const BUCKET_FOLDER = /^(.+)-(raw|processed)-(\d{12})-([a-z0-9-]+)$/;

export function emptyLakeMessage(s3Dir: string): string {
  return `the local lake is empty (nothing under ${s3Dir}): run \`npm start\` first`;
}

function fromStackFile(dataDir: string, stage: string | undefined): Record<LakeBucket, string> | undefined {
  const path = join(dataDir, 'stack.json');
  if (!existsSync(path)) return undefined;
  try {
    const stack = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    if (stage !== undefined && stack.stage !== undefined && stack.stage !== stage) return undefined;
    const { rawBucket, processedBucket } = stack;
    if (typeof rawBucket !== 'string' || typeof processedBucket !== 'string') return undefined;
    return { raw: rawBucket, processed: processedBucket };
  } catch {
    // A stack file being rewritten or left half-written: the folders still tell.
    return undefined;
  }
}

/** Pairs of raw and processed bucket folders that share `<app>-<stage>`, account and region. */
function fromFolders(s3Dir: string, stage: string | undefined): Record<LakeBucket, string> | undefined {
  const lakes = new Map<string, Partial<Record<LakeBucket, string>>>();
  for (const folder of existsSync(s3Dir) ? readdirSync(s3Dir) : []) {
    const match = BUCKET_FOLDER.exec(folder);
    if (!match) continue;
    const [, prefix, role, account, region] = match;
    if (stage !== undefined && !prefix!.endsWith(`-${stage}`)) continue;
    const key = `${prefix}-*-${account}-${region}`;
    lakes.set(key, { ...lakes.get(key), [role as LakeBucket]: folder });
  }
  const complete = [...lakes.entries()].filter(([, b]) => b.raw !== undefined && b.processed !== undefined);
  if (complete.length > 1) {
    throw new UsageError(
      `${s3Dir} holds several lakes (${complete.map(([k]) => k).join(', ')}): choose one with --stage`,
    );
  }
  return complete[0]?.[1] as Record<LakeBucket, string> | undefined;
}

export function locateLocalLake(options: { dataDir: string; stage?: string }): LocalLake {
  const s3Dir = join(options.dataDir, 's3');
  const names = fromStackFile(options.dataDir, options.stage) ?? fromFolders(s3Dir, options.stage);
  if (names === undefined) {
    const which = options.stage === undefined ? '' : ` of stage ${options.stage}`;
    throw new QueryError(`no local lake${which} under ${s3Dir}: run \`npm start\` first`);
  }
  return { s3Dir, buckets: { raw: join(s3Dir, names.raw), processed: join(s3Dir, names.processed) } };
}
