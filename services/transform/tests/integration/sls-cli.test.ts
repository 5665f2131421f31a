/**
 * The Serverless CLI on this service, offline, one command after the other (serverless-esbuild
 * shares its .esbuild folder): `sls invoke local -f transformer -p fixtures/s3-event.json`, the
 * exact command of the README, run as a child process against emulators started here and
 * described by a stack file in a temp dir (what `npm start` writes to .local/stack.json), then
 * `sls package` with no AWS credentials.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLakeResources, type Emulators, startEmulators } from '@event-pipeline/emulators';
import { recordId } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RAW_OBJECT_FILE, seedFixture } from '../../scripts/fixtures.js';
import { processedKey } from '../../src/object-keys.js';

const SERVICE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SLS = join(SERVICE_DIR, '..', '..', 'node_modules', '.bin', 'sls');
const PROCESSED_BUCKET = 'event-pipeline-local-processed';
const TABLE = 'event-pipeline-local-metadata';
/** The local dev stack's raw bucket, which the fixture's event names and fixtures:seed writes to. */
const RAW_BUCKET = 'event-pipeline-dev-raw-000000000000-us-east-1';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sls(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      SLS,
      args,
      {
        cwd: SERVICE_DIR,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
        timeout: 90_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let emulators: Emulators;
let workDir: string;
let stackFile: string;

beforeAll(async () => {
  emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
  workDir = await mkdtemp(join(tmpdir(), 'transform-invoke-local-'));
  stackFile = join(workDir, 'stack.json');
  await createLakeResources(emulators, { buckets: [PROCESSED_BUCKET], table: TABLE });
  // The format of docs/architecture.md §7.
  const stack = {
    region: emulators.region,
    credentials: emulators.credentials,
    endpoints: emulators.endpoints,
    stream: 'event-pipeline-local-stream',
    rawBucket: RAW_BUCKET,
    processedBucket: PROCESSED_BUCKET,
    table: TABLE,
    dlq: {},
  };
  await writeFile(stackFile, JSON.stringify(stack, null, 2));
  await createLakeResources(emulators, { buckets: [RAW_BUCKET] });
}, 30_000);

afterAll(async () => {
  await emulators?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('sls invoke local', () => {
  it('transforms the fixture object through the emulators', async () => {
    const { bucket, key } = await seedFixture(stackFile);
    expect(bucket).toBe(RAW_BUCKET);

    const run = await sls(['invoke', 'local', '-f', 'transformer', '-p', 'fixtures/s3-event.json'], {
      LOCAL_STACK_FILE: stackFile,
    });

    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    // The CommonJS loader the plugin writes for osls is gone again, so `sls package` cannot ship it.
    expect(existsSync(join(SERVICE_DIR, '.esbuild', '.build', 'src', 'lambda.cjs'))).toBe(false);
    // osls prints the handler's result, pretty-printed, after the function's own log lines.
    const summary = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('\n{\n') + 1)) as Record<
      string,
      unknown
    >;
    expect(summary.transformed).toEqual([
      {
        source: `s3://${bucket}/${key}`,
        destination: `s3://${PROCESSED_BUCKET}/${processedKey(key)}`,
        quarantine: [],
        record_count: 12,
        failed_records: 0,
      },
    ]);

    const s3 = new S3Client(emulators.clientConfig('s3'));
    const { Body } = await s3.send(
      new GetObjectCommand({ Bucket: PROCESSED_BUCKET, Key: processedKey(key) }),
    );
    const processed = (await Body!.transformToString())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    s3.destroy();
    expect(processed).toHaveLength(12);
    expect(processed[0]).toMatchObject({
      event_type: 'transaction',
      enriched_data: { transaction_date: '2024-01-15' },
      metadata: { raw_object: `s3://${bucket}/${key}` },
    });
    const rawLines = (await readFile(RAW_OBJECT_FILE, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { event_id: string });
    expect(processed.map((line) => line.record_id)).toEqual(
      rawLines.map((line) => recordId({ eventId: line.event_id, shardId: '', sequenceNumber: '' })),
    );

    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(emulators.clientConfig('dynamodb')));
    const { Items } = await ddb.send(new ScanCommand({ TableName: TABLE }));
    ddb.destroy();
    // The object's ledger item, and its partition marked pending for the compactor.
    expect(Items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stage: 'transform', source_key: key, record_count: 12, failed_records: 0 }),
        expect.objectContaining({
          stage: 'partition',
          partition: key.slice('raw/'.length, key.lastIndexOf('/')),
          compact_queue: 'pending',
          version: 1,
        }),
      ]),
    );
    expect(Items).toHaveLength(2);
  }, 120_000);

  it('names what is missing and tells how to start the local stack when there is no stack file', async () => {
    const missing = join(workDir, 'missing.json');
    const run = await sls(['invoke', 'local', '-f', 'transformer', '-p', 'fixtures/s3-event.json'], {
      LOCAL_STACK_FILE: missing,
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      'invoke local needs PROCESSED_BUCKET, LEDGER_TABLE, AWS_ENDPOINT_URL_<SERVICE>, which the shell does not set, ' +
        `and there is no local stack file at ${missing}. ` +
        'Start the local pipeline first: `npm start -- --duration 0 --keep-alive` (or set the variables).',
    );
  }, 60_000);
});

describe('sls package', () => {
  type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

  it('gives the transformer its own role and leaves no unused default role', async () => {
    const run = await sls(['package'], {
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
    });
    expect(run.code).toBe(0);
    const file = join(SERVICE_DIR, '.serverless', 'cloudformation-template-update-stack.json');
    const { Resources } = JSON.parse(await readFile(file, 'utf8')) as Template;
    expect(Resources).not.toHaveProperty('IamRoleLambdaExecution');
    expect(Resources.TransformerLambdaFunction!.Properties.Role).toEqual({
      'Fn::GetAtt': ['TransformerIamRoleLambdaExecution', 'Arn'],
    });
    expect(Resources.TransformerIamRoleLambdaExecution!.Type).toBe('AWS::IAM::Role');
  }, 120_000);
});
