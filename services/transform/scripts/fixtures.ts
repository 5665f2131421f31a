/**
 * The `sls invoke local` fixture: a raw object as ingest would write it and the S3
 * notification for it. `build` writes both into fixtures/ (deterministic, so rebuilding
 * changes nothing); `seed` uploads the raw object to the local stack so the notification
 * names an object that exists.
 */

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runMain, stackFileOf } from '@event-pipeline/cli';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '@event-pipeline/emulators';
import { readStackFile } from '@event-pipeline/local';
import { s3Event } from '@event-pipeline/runtime/testing';
import { partitionPath } from '@event-pipeline/schema';
import type { S3Event } from 'aws-lambda';
import { decodeS3Key } from '../src/s3-event.js';
import { jsonLines, rawLines } from '../tests/helpers/factories.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const EVENT_FILE = join(FIXTURES, 's3-event.json');
export const RAW_OBJECT_FILE = join(FIXTURES, 'raw-object.json');
/** The local dev stack's raw bucket (contract: <app>-<stage>-raw-<account>-<region>), which the event names. */
const FIXTURE_BUCKET = `event-pipeline-dev-raw-${LOCAL_ACCOUNT_ID}-${LOCAL_REGION}`;

async function buildFixtures(): Promise<void> {
  const lines = rawLines(400)
    .filter((line) => line.event_type === 'transaction')
    .slice(0, 12);
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const body = jsonLines(lines);
  const { shard_id: shard, sequence_number: from } = first.kinesis_metadata;
  const key = `raw/${partitionPath(first)}/data_${shard}_${from}_${last.kinesis_metadata.sequence_number}.json`;
  const event = s3Event({
    bucket: FIXTURE_BUCKET,
    key,
    eTag: createHash('md5').update(body).digest('hex'),
    size: Buffer.byteLength(body),
    versionId: 'Cd7qKJLn2Yq0AhW5mNl9ZbRzJ6hE.xTt',
  });
  await writeFile(RAW_OBJECT_FILE, body);
  await writeFile(EVENT_FILE, `${JSON.stringify(event, null, 2)}\n`);
}

/** Puts the fixture's raw object where the fixture's notification says it is: the local stack's raw bucket. */
export async function seedFixture(stackFile: string): Promise<{ bucket: string; key: string }> {
  const stack = readStackFile(stackFile);
  const event = JSON.parse(await readFile(EVENT_FILE, 'utf8')) as S3Event;
  const record = event.Records[0]!;
  const bucket = record.s3.bucket.name;
  const key = decodeS3Key(record.s3.object.key);
  if (bucket !== stack.rawBucket)
    throw new Error(
      `the fixture's event names bucket ${bucket}, the dev stage's; the local stack of ${stackFile} has ${stack.rawBucket}: ` +
        'start it with `--stage dev`',
    );
  const s3 = new S3Client({
    region: stack.region,
    endpoint: stack.endpoints.s3,
    credentials: stack.credentials,
    forcePathStyle: true,
  });
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(RAW_OBJECT_FILE) }));
  } finally {
    s3.destroy();
  }
  return { bucket, key };
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function main(command: string | undefined): Promise<number> {
  if (command === 'build') {
    await buildFixtures();
    console.log(`wrote ${EVENT_FILE} and ${RAW_OBJECT_FILE}`);
    return 0;
  }
  if (command === 'seed') {
    // $LOCAL_STACK_FILE names another stack's file, as for `sls invoke local`.
    const { bucket, key } = await seedFixture(stackFileOf(ROOT, {}));
    console.log(`put fixtures/raw-object.json at s3://${bucket}/${key}`);
    return 0;
  }
  throw new Error('usage: tsx scripts/fixtures.ts build|seed');
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  runMain(`fixtures ${process.argv[2] ?? ''}`.trim(), () => main(process.argv[2]));
