import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { compiledStacks, writeStackFile } from '@event-pipeline/local';
import { devStack } from '@event-pipeline/local/testing';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  localTarget,
  stageResources,
  stageTarget,
  streamTargetFromFlags,
  targetFromFlags,
} from '../../src/target.js';
import { stackFileOf } from '../../src/target-options.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const ACCOUNT = '123456789012';
const stsMock = mockClient(STSClient);
const sqsMock = mockClient(SQSClient);
const kinesisMock = mockClient(KinesisClient);
const sts = new STSClient({ region: 'us-east-1' });

// The stages and regions these tests resolve, compiled by `sls package` (seconds each) unless
// the repository's template cache, which `npm start` shares, has them already.
beforeAll(async () => {
  for (const stage of ['dev', 'prod'])
    for (const region of ['us-east-1', 'eu-west-1']) await compiledStacks({ rootDir: ROOT, stage, region });
}, 300_000);

beforeEach(() => {
  stsMock.reset();
  sqsMock.reset();
  kinesisMock.reset();
});

/** A stack file of the dev stack in a temporary folder, for `run`. */
async function withStackFile(run: (stackFile: string) => Promise<void>, pid?: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-target-'));
  try {
    const stackFile = join(dir, 'stack.json');
    writeStackFile(
      stackFile,
      devStack(pid === undefined ? {} : { pid, startedAt: '2024-01-15T10:00:00.000Z' }),
    );
    await run(stackFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('stageResources', () => {
  it("names everything as the stage's compiled templates do", async () => {
    const names = await stageResources(ROOT, 'dev', 'eu-west-1', ACCOUNT);
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
  it("targets the running stack's endpoints and queues, with its stage's function settings", async () => {
    const target = await localTarget({ rootDir: ROOT, stack: devStack(), source: '.local/stack.json' });
    expect(target).toMatchObject({
      description: '.local/stack.json (stage dev at http://127.0.0.1)',
      dlq: { ingest: 'http://127.0.0.1:4004/q/ingest', transform: 'http://127.0.0.1:4004/q/transform' },
      ledger: { table: 'event-pipeline-dev-metadata', shardIndex: 'ShardIndex' },
      reader: { getRecordsIntervalMs: 0, atTimestampTimeoutMs: expect.any(Number) },
    });
    target.destroy();
  });

  it('refuses a stack file whose names are not those of its stage', async () => {
    await expect(
      localTarget({ rootDir: ROOT, stack: devStack({ stage: 'prod' }), source: 'stack.json' }),
    ).rejects.toThrow(
      'stack.json does not match stage "prod": its stream is event-pipeline-dev-stream, not event-pipeline-prod-stream;',
    );
  });
});

describe('targetFromFlags', () => {
  it('names the local stack of --stack-file, and says how to start one when there is none', async () => {
    await expect(targetFromFlags(ROOT, { stackFile: '/nonexistent/stack.json' })).rejects.toThrow(
      'no local stack at /nonexistent/stack.json: start it first with `npm start -- --duration 0 --keep-alive` (or pass --stage for a deployed stage)',
    );
  });

  it('finds the stack file of --data-dir, else of $LOCAL_STACK_FILE, else of .local', () => {
    expect(stackFileOf(ROOT, { dataDir: '/tmp/second' }, {})).toBe('/tmp/second/stack.json');
    expect(stackFileOf(ROOT, { stackFile: '/x/s.json', dataDir: '/tmp/second' }, {})).toBe('/x/s.json');
    expect(stackFileOf(ROOT, {}, { LOCAL_STACK_FILE: '/tmp/other/stack.json' })).toBe(
      '/tmp/other/stack.json',
    );
    expect(stackFileOf(ROOT, {}, {})).toBe(join(ROOT, '.local', 'stack.json'));
  });

  it('says the local stack is not running when the process that wrote its file is gone', async () => {
    // A pid far above any pid_max: no such process.
    await withStackFile(async (stackFile) => {
      await expect(targetFromFlags(ROOT, { stackFile })).rejects.toThrow(
        `the local stack of ${stackFile} is not running (its process 2147483646, started 2024-01-15T10:00:00.000Z, has exited`,
      );
    }, 2_147_483_646);
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
  it("sends to the local stack's stream at its emulator, once the stream has answered", async () => {
    kinesisMock.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: { StreamStatus: 'ACTIVE' } as never,
    });
    await withStackFile(async (stackFile) => {
      const target = await streamTargetFromFlags(ROOT, { stackFile });
      expect(target).toMatchObject({
        streamName: 'event-pipeline-dev-stream',
        description: `the local stack (${stackFile}) at http://127.0.0.1:4001: stream event-pipeline-dev-stream`,
      });
      expect(await target.kinesis.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 4001 });
      expect(kinesisMock.commandCalls(DescribeStreamSummaryCommand)[0]!.args[0].input).toEqual({
        StreamName: 'event-pipeline-dev-stream',
      });
      target.kinesis.destroy();
    });
  });

  it('says to restart a local stack that does not answer', async () => {
    kinesisMock.on(DescribeStreamSummaryCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:4001'));
    await withStackFile(async (stackFile) => {
      await expect(streamTargetFromFlags(ROOT, { stackFile })).rejects.toThrow(
        `cannot reach stream event-pipeline-dev-stream of the local stack (${stackFile}) at http://127.0.0.1:4001 ` +
          '(connect ECONNREFUSED 127.0.0.1:4001): restart it with `npm start -- --duration 0 --keep-alive`',
      );
    });
  });

  it("checks a deployed stage's credentials, then its stream, in the stage's region unless --region says otherwise", async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn' });
    kinesisMock.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: { StreamStatus: 'ACTIVE' } as never,
    });
    const said: string[] = [];
    const inDefault = await streamTargetFromFlags(ROOT, { stage: 'prod' }, { sts, log: (l) => said.push(l) });
    const inOther = await streamTargetFromFlags(
      ROOT,
      { stage: 'prod', region: 'eu-west-1' },
      { sts, log: (l) => said.push(l) },
    );
    expect(inDefault).toMatchObject({
      streamName: 'event-pipeline-prod-stream',
      description: `stage prod: stream event-pipeline-prod-stream in us-east-1 (account ${ACCOUNT})`,
    });
    expect(await inOther.kinesis.config.region()).toBe('eu-west-1');
    expect(said).toEqual([
      'Checking AWS credentials for stage prod ...',
      'Checking AWS credentials for stage prod ...',
    ]);
    expect(stsMock.calls()).toHaveLength(2);
    expect(kinesisMock.commandCalls(DescribeStreamSummaryCommand)).toHaveLength(2);
    inDefault.kinesis.destroy();
    inOther.kinesis.destroy();
  });

  it('fails on missing credentials before asking Kinesis anything', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'));
    await expect(
      streamTargetFromFlags(ROOT, { stage: 'dev' }, { sts, log: () => undefined }),
    ).rejects.toThrow(
      /No usable AWS credentials: Could not load credentials from any providers\. Set AWS_PROFILE/,
    );
    expect(kinesisMock.calls()).toHaveLength(0);
  });

  it('says the stage may not be deployed when its stream does not exist', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: 'arn' });
    kinesisMock
      .on(DescribeStreamSummaryCommand)
      .rejects(new ResourceNotFoundException({ message: 'Stream not found', $metadata: {} }));
    await expect(
      streamTargetFromFlags(ROOT, { stage: 'dev' }, { sts, log: () => undefined }),
    ).rejects.toThrow(
      'stream event-pipeline-dev-stream of stage dev in us-east-1 does not exist: is the stage deployed (npm run deploy -- --stage dev)?',
    );
  });
});
