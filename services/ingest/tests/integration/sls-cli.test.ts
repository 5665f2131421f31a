/**
 * The Serverless CLI on this service, offline: `sls package` with no AWS credentials, and
 * `sls invoke local -f processor -p fixtures/kinesis-event.json` against the emulators.
 * Both run in one file, one after the other, on a mirror of the service (see service-mirror).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLakeResources, type Emulators, startEmulators } from '@event-pipeline/emulators';
import { validate } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent } from 'aws-lambda';
import { FIXTURE_PATH } from '../helpers/fixture.js';
import { linesBySequence } from '../helpers/json-lines.js';
import { readBucket } from '../helpers/lake-resources.js';
import { credentialFreeEnv, mirrorService, type ServiceMirror } from '../helpers/service-mirror.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Sid?: string };
type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

const importOf = (name: string) => ({ 'Fn::ImportValue': `event-pipeline-dev-${name}` });
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let mirror: ServiceMirror;
beforeAll(async () => {
  mirror = await mirrorService();
});
afterAll(async () => {
  await mirror.remove();
});

describe('sls package', () => {
  let template: Template;
  const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

  beforeAll(async () => {
    const result = await mirror.sls(['package'], credentialFreeEnv());
    expect(result).toMatchObject({ code: 0 });
    const file = join(mirror.serviceDir, '.serverless', 'cloudformation-template-update-stack.json');
    template = JSON.parse(await readFile(file, 'utf8')) as Template;
  }, 120_000);

  it('packages the processor function as the issue lists it', () => {
    const [fn] = ofType('AWS::Lambda::Function');
    expect(fn!.Properties).toMatchObject({
      FunctionName: 'event-pipeline-ingest-dev-processor',
      Handler: 'src/lambda.handler',
      Runtime: 'nodejs22.x',
      MemorySize: 512,
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          RAW_BUCKET: importOf('RawBucketName'),
          LEDGER_TABLE: importOf('LedgerTableName'),
          POWERTOOLS_SERVICE_NAME: 'ingest',
          POWERTOOLS_METRICS_NAMESPACE: 'EventPipeline',
        },
      },
    });
  });

  it('maps the stream with partial batch failures, bisect, 3 retries and the DLQ as on-failure destination', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      EventSourceArn: importOf('StreamArn'),
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: 86400,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: importOf('IngestDlqArn') } },
    });
  });

  it('gives the function one least-privilege role: exact ARNs and key prefixes, no * but X-Ray', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles).toHaveLength(1);
    const policies = roles[0]!.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    const grants = (action: string) => statements.filter((s) => list(s.Action).includes(action));

    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    for (const statement of statements) {
      expect(list(statement.Action).some((action) => action.includes('*'))).toBe(false);
      if (list(statement.Resource).includes('*')) {
        expect(list(statement.Action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
    const rawArn = importOf('RawBucketArn');
    expect(grants('s3:PutObject').flatMap((s) => list(s.Resource))).toEqual([
      { 'Fn::Join': ['', [rawArn, '/raw/*']] },
      { 'Fn::Join': ['', [rawArn, '/quarantine/*']] },
    ]);
    expect(grants('dynamodb:PutItem').flatMap((s) => list(s.Resource))).toEqual([importOf('LedgerTableArn')]);
    expect(grants('sqs:SendMessage').flatMap((s) => list(s.Resource))).toEqual([importOf('IngestDlqArn')]);
    for (const action of [
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:DescribeStreamSummary',
      'kinesis:ListShards',
    ]) {
      expect(grants(action).flatMap((s) => list(s.Resource))).toEqual([importOf('StreamArn')]);
    }
    const granted = new Set(statements.flatMap((s) => list(s.Action)));
    for (const action of [
      's3:GetObject',
      's3:DeleteObject',
      'dynamodb:DeleteItem',
      'dynamodb:Scan',
      'kinesis:PutRecord',
    ]) {
      expect(granted.has(action)).toBe(false);
    }
  });
});

describe('sls invoke local -f processor -p fixtures/kinesis-event.json', () => {
  const BUCKET = 'event-pipeline-invoke-raw';
  const TABLE = 'event-pipeline-invoke-metadata';
  let emulators: Emulators;

  beforeAll(async () => {
    emulators = await startEmulators({ services: ['s3', 'dynamodb'] });
    await createLakeResources(emulators, { buckets: [BUCKET], table: TABLE });
  });
  afterAll(async () => {
    await emulators.stop();
  });

  it('processes the fixture into the emulated bucket and table', async () => {
    const env = credentialFreeEnv({ ...emulators.env(), RAW_BUCKET: BUCKET, LEDGER_TABLE: TABLE });
    const result = await mirror.sls(
      ['invoke', 'local', '-f', 'processor', '-p', 'fixtures/kinesis-event.json'],
      env,
    );

    expect(result.code).toBe(0);
    // The handler's response is the last thing printed, as indented JSON.
    const response = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('\n{\n') + 1));
    expect(response).toEqual({ batchItemFailures: [] });

    const fixture = JSON.parse(await readFile(FIXTURE_PATH, 'utf8')) as KinesisStreamEvent;
    const s3 = new S3Client(emulators.clientConfig('s3'));
    const objects = await readBucket(s3, BUCKET);
    s3.destroy();
    const lines = linesBySequence(objects);
    expect(lines.size).toBe(fixture.Records.length);
    for (const record of fixture.Records) {
      const valid = validate(Buffer.from(record.kinesis.data, 'base64')).ok;
      const { key } = lines.get(record.kinesis.sequenceNumber)!;
      expect(key.startsWith(valid ? 'raw/' : 'quarantine/')).toBe(true);
    }

    const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(emulators.clientConfig('dynamodb')));
    const { Items } = await dynamodb.send(new ScanCommand({ TableName: TABLE }));
    dynamodb.destroy();
    expect(Items).toHaveLength(1);
    expect(Items![0]).toMatchObject({ stage: 'ingest', total_records: fixture.Records.length });
  }, 120_000);

  it('targets the running local stack through its stack file when the shell sets nothing', async () => {
    await createLakeResources(emulators, { buckets: ['stack-file-raw'] });
    const s3 = new S3Client(emulators.clientConfig('s3'));
    const stackFile = join(mirror.serviceDir, 'stack.json');
    const { region, credentials, endpoints } = emulators;
    await writeFile(
      stackFile,
      JSON.stringify({ region, credentials, endpoints, rawBucket: 'stack-file-raw', table: TABLE }),
    );

    const result = await mirror.sls(
      ['invoke', 'local', '-f', 'processor', '-p', 'fixtures/kinesis-event.json'],
      credentialFreeEnv({ LOCAL_STACK_FILE: stackFile }),
    );

    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain(
      `Invoking against the local stack described by ${stackFile}`,
    );
    const fixture = JSON.parse(await readFile(FIXTURE_PATH, 'utf8')) as KinesisStreamEvent;
    expect(linesBySequence(await readBucket(s3, 'stack-file-raw')).size).toBe(fixture.Records.length);
    s3.destroy();
  }, 120_000);

  it('fails with a message naming the setting when the bucket name is malformed', async () => {
    const env = credentialFreeEnv({ ...emulators.env(), RAW_BUCKET: 'Not_A_Bucket', LEDGER_TABLE: TABLE });
    const result = await mirror.sls(
      ['invoke', 'local', '-f', 'processor', '-p', 'fixtures/kinesis-event.json'],
      env,
    );

    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('RAW_BUCKET must be an S3 bucket name');
  }, 120_000);
});
