/**
 * `.local/stack.json`: where the running local stack is, so that `sls invoke local`,
 * `npm run produce` and any AWS SDK client can target it (docs/architecture.md §7).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { processAlive } from './stack-lock.js';

/** How to start the local stack, for messages. */
export const START_STACK_COMMAND = '`npm start -- --duration 0 --keep-alive`';

export interface StackFile {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoints: { kinesis: string; s3: string; dynamodb: string; sqs: string };
  stream: string;
  rawBucket: string;
  processedBucket: string;
  table: string;
  dlq: { ingest: string; transform: string };
  /** Whose parameters (config/stages.yml) shaped the stack; tools resolve function settings with it. */
  stage?: string;
  /** The process serving the stack: a file it left behind when killed names a process that is gone. */
  pid?: number;
  startedAt?: string;
}

/** Writes atomically (temp file, then rename): a reader never sees half a file. */
export function writeStackFile(path: string, stack: StackFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(stack, null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * The stack file at `path`, of a stack that is running. Fails, saying to start the stack, when
 * there is none, when it is not a stack file, or when the process that wrote it is gone.
 */
export function readStackFile(path: string): StackFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no local stack at ${path}: start it first with ${START_STACK_COMMAND}`);
  }
  let stack: Partial<StackFile>;
  try {
    stack = JSON.parse(text) as Partial<StackFile>;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}): restart the local stack`);
  }
  const missing = (['region', 'credentials', 'endpoints', 'stream'] as const).filter(
    (key) => stack[key] === undefined,
  );
  if (missing.length > 0) throw new Error(`${path} lacks ${missing.join(', ')}: restart the local stack`);
  if (stack.pid !== undefined && !processAlive(stack.pid))
    throw new Error(
      `the local stack of ${path} is not running (its process ${stack.pid}, started ${stack.startedAt ?? 'at an unknown time'}, ` +
        `has exited without removing it): start it again with ${START_STACK_COMMAND}`,
    );
  return stack as StackFile;
}

/** The same facts as shell variables, for tools that read the environment (`set -a; . .local/stack.env`). */
export function stackEnv(stack: StackFile): Record<string, string> {
  return {
    AWS_REGION: stack.region,
    AWS_DEFAULT_REGION: stack.region,
    AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_KINESIS: stack.endpoints.kinesis,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
    STREAM_NAME: stack.stream,
    RAW_BUCKET: stack.rawBucket,
    PROCESSED_BUCKET: stack.processedBucket,
    LEDGER_TABLE: stack.table,
    INGEST_DLQ_URL: stack.dlq.ingest,
    TRANSFORM_DLQ_URL: stack.dlq.transform,
  };
}

export function writeStackEnv(path: string, stack: StackFile): void {
  const lines = Object.entries(stackEnv(stack)).map(([key, value]) => `${key}='${value}'`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}
