/**
 * Quarantine objects written in the last hour, by reason, from listings alone (status never
 * reads what was quarantined). The layouts (docs/architecture.md §4, §5, §8):
 *   raw bucket        quarantine/reason=<code>/year=/month=/day=/hour=/data_*.json      (the hour the record reached the stream)
 *   processed bucket  quarantine/reason=<code>/event_type=<t>/year=/month=/day=/hour=/*  (the event's own hour)
 * Delimiter listings find the reasons and the folders down to the first `year=`; then only the
 * current and the previous hour are listed, and objects modified before the hour are left out.
 * So the cost follows the hour's quarantine, never the bucket's; the price is that a
 * processed-bucket object of an event timed outside those two hours (a late event) is not seen.
 */
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { hourPath } from '@event-pipeline/schema';

const QUARANTINE_PREFIX = 'quarantine/';
const REASON_FOLDER = /^quarantine\/reason=([^/]+)\/$/;
const YEAR_FOLDER = /\/year=\d{4}\/$/;

/** The folders directly under `prefix`. */
async function subfolders(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: prefix, Delimiter: '/' },
  ))
    for (const { Prefix } of page.CommonPrefixes ?? []) folders.push(Prefix!);
  return folders;
}

/** The folders under `prefix` whose children are `year=` folders (the reason's, or each event type's). */
async function hourRoots(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const children = await subfolders(s3, bucket, prefix);
  if (children.some((child) => YEAR_FOLDER.test(child))) return [prefix];
  const nested = await Promise.all(children.map((child) => hourRoots(s3, bucket, child)));
  return nested.flat();
}

async function objectsModifiedSince(
  s3: S3Client,
  bucket: string,
  prefix: string,
  since: Date,
): Promise<number> {
  let count = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    for (const object of page.Contents ?? [])
      if (object.LastModified !== undefined && object.LastModified >= since) count++;
  return count;
}

/** Quarantine objects of `bucket` modified since `since` (at most an hour before `now`), per reason. */
export async function quarantineObjects(
  s3: S3Client,
  bucket: string,
  since: Date,
  now: Date,
): Promise<Map<string, number>> {
  const hours = [...new Set([hourPath(since), hourPath(now)])];
  const counts = new Map<string, number>();
  for (const reasonFolder of await subfolders(s3, bucket, QUARANTINE_PREFIX)) {
    const reason = REASON_FOLDER.exec(reasonFolder)?.[1];
    if (reason === undefined) continue;
    let objects = 0;
    for (const root of await hourRoots(s3, bucket, reasonFolder))
      for (const hour of hours) objects += await objectsModifiedSince(s3, bucket, `${root}${hour}/`, since);
    if (objects > 0) counts.set(reason, objects);
  }
  return counts;
}
