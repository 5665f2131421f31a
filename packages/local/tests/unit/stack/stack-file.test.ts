import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readStackFile, type StackFile, stackEnv, writeStackFile } from '../../../src/stack/stack-file.js';
import { devStack } from '../../helpers/stack-file.js';

const STACK: StackFile = devStack({
  dlq: { ingest: 'http://127.0.0.1:4004/q/ingest-dlq', transform: 'http://127.0.0.1:4004/q/transform-dlq' },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readStackFile', () => {
  it('reads the file of a running stack', () => {
    const file = join(dir, 'stack.json');
    writeStackFile(file, { ...STACK, pid: process.pid, startedAt: '2024-01-15T10:00:00.000Z' });
    expect(readStackFile(file)).toMatchObject({ stream: STACK.stream, pid: process.pid });
  });

  it('says to start the stack when there is no file, and to restart it when the file is not one', () => {
    expect(() => readStackFile(join(dir, 'none.json'))).toThrow(
      `no local stack at ${join(dir, 'none.json')}: start it first with \`npm start -- --duration 0 --keep-alive\``,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"region":');
    expect(() => readStackFile(broken)).toThrow(`${broken} is not valid JSON`);
  });

  it('says the stack is not running when the process that wrote the file is gone (killed, crashed)', () => {
    const file = join(dir, 'stack.json');
    writeStackFile(file, { ...STACK, pid: 2_147_483_646, startedAt: '2024-01-15T10:00:00.000Z' });
    expect(() => readStackFile(file)).toThrow(
      `the local stack of ${file} is not running (its process 2147483646, started 2024-01-15T10:00:00.000Z, ` +
        'has exited without removing it): start it again with `npm start -- --duration 0 --keep-alive`',
    );
  });
});

describe('stackEnv', () => {
  it('gives every name and URL of the stack, the DLQ URLs included, as shell variables', () => {
    expect(stackEnv(STACK)).toEqual({
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4002',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4003',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4004',
      STREAM_NAME: 'event-pipeline-dev-stream',
      RAW_BUCKET: 'event-pipeline-dev-raw-000000000000-us-east-1',
      PROCESSED_BUCKET: 'event-pipeline-dev-processed-000000000000-us-east-1',
      LEDGER_TABLE: 'event-pipeline-dev-metadata',
      INGEST_DLQ_URL: 'http://127.0.0.1:4004/q/ingest-dlq',
      TRANSFORM_DLQ_URL: 'http://127.0.0.1:4004/q/transform-dlq',
    });
  });
});
