import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { writeStackFile } from '@event-pipeline/local';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  localTarget,
  stageResources,
  stageTarget,
  streamTargetFromFlags,
  targetFromFlags,
} from '../../src/target.js';
import { devStack } from '../helpers/stack-file.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const ACCOUNT = '123456789012';
const stsMock = mockClient(STSClient);
const sqsMock = mockClient(SQSClient);
const sts = new STSClient({ region: 'us-east-1' });

beforeEach(() => {
  stsMock.reset();
  sqsMock.reset();
});

describe('stageResources', () => {
  it("names everything as the stage's fragments and serverless.yml files do", () => {
    const names = stageResources(ROOT, 'dev', 'eu-west-1', ACCOUNT);
    expect(names).toMatchObject({
      stream: {
        name: 'event-pipeline-dev-stream',
        arn: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/event-pipeline-dev-stream`,
      },
      rawBucket: `event-pipeline-dev-raw-${ACCOUNT}-eu-west-1`,
      processedBucket: `event-pipeline-dev-processed-${ACCOUNT}-eu-west-1`,
      ledger: { table: 'event-pipeline-dev-metadata', shardIndex: 'ShardIndex' },
      dlqNames: {
        ingest: 'event-pipeline-dev-kinesis-processor-dlq',
        transform: 'event-pipeline-dev-s3-transformer-dlq',
      },
      ingestBatchSize: 100,
    });
    expect(names.functions.ingest).toMatchObject({
      name: 'event-pipeline-ingest-dev-processor',
      timeoutSeconds: 60,
      environment: { RAW_BUCKET: names.rawBucket, LEDGER_TABLE: names.ledger.table },
    });
    expect(names.functions.transform.environment).toMatchObject({
      PROCESSED_BUCKET: names.processedBucket,
      LEDGER_TABLE: names.ledger.table,
    });
  });
});

describe('stageTarget', () => {
  it('checks the credentials with STS first and finds the queues by name', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/operator` });
    sqsMock.on(GetQueueUrlCommand).callsFake((input) => ({
      QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${input.QueueName}`,
    }));
    const target = await stageTarget({ rootDir: ROOT, stage: 'prod', sts });
    expect(target).toMatchObject({
      description: `stage prod in us-east-1 (account ${ACCOUNT})`,
      region: 'us-east-1',
      identityArn: `arn:aws:iam::${ACCOUNT}:user/operator`,
      rawBucket: `event-pipeline-prod-raw-${ACCOUNT}-us-east-1`,
      dlq: {
        ingest: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/event-pipeline-prod-kinesis-processor-dlq`,
        transform: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/event-pipeline-prod-s3-transformer-dlq`,
      },
      reader: { getRecordsIntervalMs: 200 },
    });
    target.destroy();
  });

  it('fails with what to do when there are no AWS credentials', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'));
    await expect(stageTarget({ rootDir: ROOT, stage: 'dev', sts })).rejects.toThrow(
      /No usable AWS credentials: Could not load credentials from any providers\. Set AWS_PROFILE/,
    );
    expect(sqsMock.calls()).toHaveLength(0);
  });

  it('says the stage may not be deployed when its queues do not exist', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn' });
    sqsMock
      .on(GetQueueUrlCommand)
      .rejects(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }));
    await expect(stageTarget({ rootDir: ROOT, stage: 'dev', region: 'eu-west-1', sts })).rejects.toThrow(
      /queue event-pipeline-dev-kinesis-processor-dlq of stage dev in eu-west-1 is not reachable .*npm run deploy -- --stage dev/,
    );
  });
});

describe('localTarget', () => {
  it("targets the running stack's endpoints and queues, with its stage's function settings", () => {
    const target = localTarget({ rootDir: ROOT, stack: devStack(), source: '.local/stack.json' });
    expect(target).toMatchObject({
      description: '.local/stack.json (stage dev at http://127.0.0.1)',
      dlq: { ingest: 'http://127.0.0.1:4004/q/ingest', transform: 'http://127.0.0.1:4004/q/transform' },
      ledger: { table: 'event-pipeline-dev-metadata', shardIndex: 'ShardIndex' },
      reader: { getRecordsIntervalMs: 0, atTimestampTimeoutMs: expect.any(Number) },
    });
    target.destroy();
  });

  it('refuses a stack file whose names are not those of its stage', () => {
    expect(() =>
      localTarget({ rootDir: ROOT, stack: devStack({ stage: 'prod' }), source: 'stack.json' }),
    ).toThrow(
      'stack.json does not match stage "prod": its stream is event-pipeline-dev-stream, not event-pipeline-prod-stream;',
    );
  });
});

describe('targetFromFlags', () => {
  it('names the local stack of --stack-file, and says how to start one when there is none', async () => {
    await expect(targetFromFlags(ROOT, { stackFile: '/nonexistent/stack.json' })).rejects.toThrow(
      'no local stack at /nonexistent/stack.json: start it first with `npm start',
    );
  });

  it('checks the credentials of --stage first, saying so', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn' });
    sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://queue' });
    const said: string[] = [];
    const target = await targetFromFlags(
      ROOT,
      { stage: 'prod', region: 'eu-west-1', stackFile: 'unused' },
      (line) => said.push(line),
    );
    expect(said).toEqual(['Checking AWS credentials for stage prod ...']);
    expect(target).toMatchObject({ stage: 'prod', region: 'eu-west-1', accountId: ACCOUNT });
    target.destroy();
  });
});

describe('streamTargetFromFlags', () => {
  it("sends to the local stack's stream at its emulator", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-target-'));
    try {
      const stackFile = join(dir, 'stack.json');
      writeStackFile(stackFile, devStack());
      const target = await streamTargetFromFlags(ROOT, { stackFile });
      expect(target).toMatchObject({
        streamName: 'event-pipeline-dev-stream',
        description: `the local stack (${stackFile}): stream event-pipeline-dev-stream at http://127.0.0.1:4001`,
      });
      expect(await target.kinesis.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 4001 });
      target.kinesis.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a deployed stage's stream, in the stage's region unless --region says otherwise, asking AWS nothing", async () => {
    const inDefault = await streamTargetFromFlags(ROOT, { stage: 'prod', stackFile: 'unused' });
    const inOther = await streamTargetFromFlags(ROOT, {
      stage: 'prod',
      region: 'eu-west-1',
      stackFile: 'unused',
    });
    expect(inDefault).toMatchObject({
      streamName: 'event-pipeline-prod-stream',
      description: 'stage prod: stream event-pipeline-prod-stream in us-east-1',
    });
    expect(await inOther.kinesis.config.region()).toBe('eu-west-1');
    expect(stsMock.calls()).toHaveLength(0);
    inDefault.kinesis.destroy();
    inOther.kinesis.destroy();
  });
});
