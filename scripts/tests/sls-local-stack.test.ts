/**
 * scripts/sls-local-stack.cjs, the `sls invoke local` plugin of both services, without running
 * osls (services/*\/tests/integration run the real commands against emulators).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import SlsLocalStack, {
  esmLoader,
  type LocalStack,
  localEnvironment,
  readStackFile,
  stackFilePath,
} from '../sls-local-stack.cjs';

const STACK: LocalStack = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  endpoints: {
    s3: 'http://127.0.0.1:4001',
    dynamodb: 'http://127.0.0.1:4002',
    kinesis: 'http://127.0.0.1:4003',
  },
  stream: 'local-stream',
  rawBucket: 'local-raw',
  processedBucket: 'local-processed',
  table: 'local-metadata',
  dlq: { ingest: 'http://127.0.0.1:4004/queue/ingest-dlq' },
};
const START = '`npm start -- --duration 0 --keep-alive`';

const imported = (name: string) => ({ 'Fn::ImportValue': `event-pipeline-dev-${name}` });

class ServerlessError extends Error {}

/** The parts of osls the plugin reads, with one function, `fn`, whose environment is `environment`. */
function fakeServerless(
  environment: Record<string, unknown>,
  { commands = ['invoke', 'local'], serviceDir = '/nonexistent' } = {},
) {
  const fn = { handler: 'src/index.handler', environment };
  const other = { handler: 'src/other.handler', environment: { TOPIC: imported('AlarmTopicArn') } };
  return {
    processedInput: { commands },
    classes: { Error: ServerlessError },
    serviceDir,
    service: {
      provider: { environment: { POWERTOOLS_METRICS_NAMESPACE: 'EventPipeline' } },
      getFunction: (name: string) => (name === 'fn' ? fn : other),
    },
    fn,
  };
}

let dir: string;
let saved: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sls-local-stack-'));
  saved = { ...process.env };
  // The shell these tests model sets no AWS target and no resource names of its own.
  for (const name of Object.keys(process.env)) {
    if (/^(AWS_|RAW_BUCKET$|PROCESSED_BUCKET$|LEDGER_TABLE$|LOCAL_STACK_FILE$)/.test(name))
      delete process.env[name];
  }
});
afterEach(async () => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  await rm(dir, { recursive: true, force: true });
});

async function useStack(stack: unknown): Promise<string> {
  const file = join(dir, 'stack.json');
  await writeFile(file, typeof stack === 'string' ? stack : JSON.stringify(stack));
  process.env.LOCAL_STACK_FILE = file;
  return file;
}

const initialize = (serverless: ReturnType<typeof fakeServerless>, utils?: unknown) => {
  const plugin = new SlsLocalStack(serverless, { function: 'fn' }, utils);
  plugin.hooks.initialize();
  return plugin;
};

describe('the values `sls invoke local` needs: the shell first, then the stack file', () => {
  it('takes an imported variable from the shell when set there, else from the stack file', () => {
    const environment = { RAW_BUCKET: imported('RawBucketName'), LEDGER_TABLE: imported('LedgerTableName') };
    const { resolved, sources, missing } = localEnvironment(
      [environment],
      { RAW_BUCKET: 'from-shell' },
      STACK,
    );
    expect(resolved).toEqual({ RAW_BUCKET: 'from-shell', LEDGER_TABLE: 'local-metadata' });
    expect(sources).toEqual({ RAW_BUCKET: 'shell', LEDGER_TABLE: 'stack file' });
    expect(missing).toEqual([]);
  });

  it("keeps the shell's AWS target whole when it sets an endpoint, else takes the stack file's", () => {
    const shell = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9999', AWS_REGION: 'eu-west-1' };
    expect(localEnvironment([], shell, STACK)).toMatchObject({
      targetSource: 'shell',
      target: { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' },
    });
    expect(localEnvironment([], { AWS_ACCESS_KEY_ID: 'AKIAREALKEY' }, STACK)).toEqual({
      resolved: {},
      sources: {},
      targetSource: 'stack file',
      target: {
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4001',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4002',
        AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4003',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
      missing: [],
    });
  });

  it('lists what neither provides, with the stack file field it would come from', () => {
    const environment = {
      PROCESSED_BUCKET: imported('ProcessedBucketName'),
      TOPIC: imported('AlarmTopicArn'),
    };
    expect(localEnvironment([environment], {}, undefined).missing).toEqual([
      { variable: 'PROCESSED_BUCKET', field: 'processedBucket' },
      { variable: 'TOPIC', field: 'value for the export event-pipeline-dev-AlarmTopicArn' },
      { variable: 'AWS_ENDPOINT_URL_<SERVICE>', field: 'endpoints' },
    ]);
    expect(localEnvironment([environment], {}, { region: 'us-east-1' }).missing).toEqual([
      { variable: 'PROCESSED_BUCKET', field: 'processedBucket' },
      { variable: 'TOPIC', field: 'value for the export event-pipeline-dev-AlarmTopicArn' },
      { variable: 'AWS_ENDPOINT_URL_<SERVICE>', field: 'endpoints' },
      { variable: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY', field: 'credentials' },
    ]);
  });

  it('finds the stack file through LOCAL_STACK_FILE, else at the repository root', () => {
    expect(stackFilePath({ LOCAL_STACK_FILE: '/tmp/x/stack.json' })).toBe('/tmp/x/stack.json');
    expect(stackFilePath({})).toBe(fileURLToPath(new URL('../../.local/stack.json', import.meta.url)));
  });

  it('reads the stack file when there is one, and says what is wrong with a broken one', async () => {
    expect(readStackFile(join(dir, 'absent.json'))).toBeUndefined();
    const file = await useStack(STACK);
    expect(readStackFile(file)).toEqual(STACK);
    await writeFile(file, '{"region":');
    expect(() => readStackFile(file)).toThrow(`the local stack file ${file} is not valid JSON (`);
  });
});

describe('the plugin, for `sls invoke local`', () => {
  it('replaces the imports and points the SDK at the emulators of the stack file', async () => {
    await useStack(STACK);
    process.env.AWS_SESSION_TOKEN = 'a-real-session';
    process.env.AWS_PROFILE = 'production';
    const serverless = fakeServerless({
      PROCESSED_BUCKET: imported('ProcessedBucketName'),
      LEDGER_TABLE: imported('LedgerTableName'),
      DLQ_URL: imported('IngestDlqUrl'),
      TRANSACTION_SMALL_FROM: '',
    });
    const notices: string[] = [];
    initialize(serverless, { log: { notice: (line: string) => notices.push(line) } });

    expect(serverless.fn.environment).toEqual({
      PROCESSED_BUCKET: 'local-processed',
      LEDGER_TABLE: 'local-metadata',
      DLQ_URL: 'http://127.0.0.1:4004/queue/ingest-dlq',
      TRANSACTION_SMALL_FROM: '',
    });
    expect(process.env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4002',
      AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4003',
    });
    expect(process.env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(process.env.AWS_PROFILE).toBeUndefined();
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBeUndefined(); // absent from the stack file
    expect(notices).toEqual([
      `Invoking against the local stack described by ${process.env.LOCAL_STACK_FILE}`,
    ]);
  });

  it('sets the target again after osls has written its Lambda defaults', async () => {
    await useStack(STACK);
    const plugin = initialize(fakeServerless({}));
    Object.assign(process.env, { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'FOUND-BY-OSLS' });
    plugin.hooks['before:invoke:local:invoke']();
    expect(process.env).toMatchObject({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER' });
  });

  it('needs no stack file when the shell sets every value, and keeps its region', async () => {
    Object.assign(process.env, {
      LOCAL_STACK_FILE: join(dir, 'missing.json'),
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9999',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'SHELL',
      RAW_BUCKET: 'shell-raw',
    });
    const serverless = fakeServerless({ RAW_BUCKET: imported('RawBucketName') });
    const plugin = initialize(serverless);
    expect(serverless.fn.environment).toEqual({ RAW_BUCKET: 'shell-raw' });

    process.env.AWS_REGION = 'us-east-1'; // osls: the provider's region
    plugin.hooks['before:invoke:local:invoke']();
    expect(process.env).toMatchObject({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9999',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'SHELL',
    });
  });

  it('leaves every other command alone, even without a stack file', () => {
    process.env.LOCAL_STACK_FILE = join(dir, 'missing.json');
    const serverless = fakeServerless({ RAW_BUCKET: imported('RawBucketName') }, { commands: ['package'] });
    initialize(serverless);
    expect(serverless.fn.environment).toEqual({ RAW_BUCKET: imported('RawBucketName') });
    expect(process.env.AWS_ENDPOINT_URL_S3).toBeUndefined();
  });

  it('names what is missing and how to start the local stack when there is no stack file', () => {
    const missing = join(dir, 'missing.json');
    process.env.LOCAL_STACK_FILE = missing;
    const serverless = fakeServerless({ RAW_BUCKET: imported('RawBucketName'), LEDGER_TABLE: 'literal' });
    expect(() => initialize(serverless)).toThrow(
      new ServerlessError(
        'sls-local-stack: invoke local needs RAW_BUCKET, AWS_ENDPOINT_URL_<SERVICE>, which the shell does not set, ' +
          `and there is no local stack file at ${missing}. Start the local pipeline first: ${START} (or set the variables).`,
      ),
    );
  });

  it('names what the stack file lacks, only for the function invoked', async () => {
    const file = await useStack({ ...STACK, table: undefined });
    const serverless = fakeServerless({ LEDGER_TABLE: imported('LedgerTableName') });
    expect(() => initialize(serverless)).toThrow(
      `invoke local needs LEDGER_TABLE, which neither the shell sets nor the local stack file ${file} holds ` +
        `(LEDGER_TABLE: no table). Restart the local pipeline: ${START} (or set the variables).`,
    );
    expect(() => initialize(fakeServerless({ TOPIC: imported('AlarmTopicArn') }))).toThrow(
      '(TOPIC: no value for the export event-pipeline-dev-AlarmTopicArn)',
    );
  });

  it('says the stack file is broken when it needs it', async () => {
    const file = await useStack('{"region":');
    expect(() => initialize(fakeServerless({}))).toThrow(
      `invoke local needs AWS_ENDPOINT_URL_<SERVICE>, which the shell does not set, and the local stack file ${file} is not valid JSON (`,
    );
  });
});

describe('the CommonJS loader of the ESM bundle', () => {
  async function bundle(): Promise<string> {
    await mkdir(join(dir, 'src'));
    await writeFile(
      join(dir, 'src', 'index.mjs'),
      'export const handler = async (event, context) => ({ event, context });\n',
    );
    return join(dir, 'src', 'index.cjs');
  }

  it('exports the handler, which imports the bundle and calls it', async () => {
    const loader = await bundle();
    await writeFile(loader, esmLoader(join(dir, 'src', 'index.mjs'), 'handler'));
    const loaded = createRequire(import.meta.url)(loader) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    await expect(loaded.handler({ a: 1 }, { b: 2 })).resolves.toEqual({ event: { a: 1 }, context: { b: 2 } });
  });

  it('is written before the invocation and removed after it, a leftover one included', async () => {
    const loader = await bundle();
    await writeFile(loader, esmLoader('stale.mjs', 'handler'));
    await useStack(STACK);
    const plugin = initialize(fakeServerless({}, { serviceDir: dir }));

    plugin.hooks['before:invoke:local:invoke']();
    expect(await readFile(loader, 'utf8')).toBe(esmLoader(join(dir, 'src', 'index.mjs'), 'handler'));
    plugin.hooks['after:invoke:local:invoke']();
    await expect(readFile(loader, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('leaves a handler alone that require() can load', async () => {
    const own = await bundle();
    await writeFile(own, 'exports.handler = async () => "mine";\n');
    await useStack(STACK);
    const plugin = initialize(fakeServerless({}, { serviceDir: dir }));
    plugin.hooks['before:invoke:local:invoke']();
    plugin.hooks['after:invoke:local:invoke']();
    expect(await readFile(own, 'utf8')).toBe('exports.handler = async () => "mine";\n');
  });
});
