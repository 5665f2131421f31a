/**
 * Measures what packages/cost/src/measured.ts holds, from the real handlers: the ingest and
 * transform `createHandler`, their Powertools logger at each level and their EMF metrics
 * written into counters instead of stdout, their S3 and DynamoDB clients answered by
 * aws-sdk-client-mock, on a batch of the schema generator's sample events named as the prod
 * stage names its resources. Counted per warm invocation of a healthy batch (nothing
 * quarantined, nothing failed); the first invocation of each function is the cold start.
 *
 *   npx tsx packages/cost/scripts/measure-volume.ts           # prints the figures
 *   npx tsx packages/cost/scripts/measure-volume.ts --write   # rewrites src/measured.ts
 *
 * The one file of packages/cost that runs the services: its imports change with their entries.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler as createIngestHandler, loadIngestConfig } from '@event-pipeline/ingest';
import { type ShardRecord, toLambdaEvent, toLambdaRecord } from '@event-pipeline/local';
import { createObservability, type Observability } from '@event-pipeline/runtime';
import { lambdaContext, SHARD_ID, s3Event, sequenceNumber } from '@event-pipeline/runtime/testing';
import { EVENT_TYPES, type EventType, type Sample, sampleBatch } from '@event-pipeline/schema';
import { createHandler as createTransformHandler, loadTransformConfig } from '@event-pipeline/transform';
import type { KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { itemBytes } from '../src/dynamodb-item-size.js';
import { STAGE_LOG_LEVELS, type StageLogLevel } from '../src/stage-settings.js';
import type { FunctionVolume, Measured } from '../src/volume.js';

/** The prod stage's names (their length is in every log line and ledger item). */
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const RAW_BUCKET = `event-pipeline-prod-raw-${ACCOUNT}-${REGION}`;
const PROCESSED_BUCKET = `event-pipeline-prod-processed-${ACCOUNT}-${REGION}`;
const LEDGER_TABLE = 'event-pipeline-prod-metadata';
const STREAM = {
  streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/event-pipeline-prod-stream`,
  region: REGION,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/event-pipeline-ingest-prod-processor-${REGION}-lambdaRole`,
};
/** A versioned bucket's object version (the raw bucket is versioned): its length is in the ledger item. */
const OBJECT_VERSION = 'Kr2dxo7H8.0fUDKyKQiZ9xHmhrXvh5hM';
const BATCH = 100;
const SHARE_SAMPLE = 20_000;
const SEED = 14;

interface Counter {
  lines: number;
  bytes: number;
}

/**
 * What the functions write to stdout and stderr (Powertools' logger and metrics write there
 * directly, bypassing `console`), split into EMF blobs and log lines, instead of the terminal.
 */
function captureOutput() {
  const log: Counter = { lines: 0, bytes: 0 };
  const emf: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      for (const line of Buffer.from(chunk).toString('utf8').split('\n')) {
        if (line === '') continue;
        if (line.includes('"_aws":')) emf.push(line);
        else {
          log.lines++;
          log.bytes += Buffer.byteLength(line) + 1;
        }
      }
      const done = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  return {
    log,
    emf,
    emfBytes: () => emf.reduce((sum, blob) => sum + Buffer.byteLength(blob) + 1, 0),
    restore: () => {
      streams.forEach((stream, index) => {
        stream.write = writes[index]!;
      });
    },
  };
}

type ValidSample = Extract<Sample, { valid: true }>;

function shardRecords(samples: readonly ValidSample[]): ShardRecord[] {
  return samples.map((sample, index) => ({
    shardId: SHARD_ID,
    sequenceNumber: sequenceNumber(index),
    partitionKey: sample.partitionKey,
    data: sample.bytes,
    approximateArrivalTimestamp: new Date(Date.parse(sample.event.timestamp) + 250),
  }));
}

const average = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** `<name> [<dimensions>]` of every metric in the blobs: each is one custom metric to CloudWatch. */
function metricNames(blobs: readonly string[]): string[] {
  const names = new Set<string>();
  for (const blob of blobs) {
    const { _aws } = JSON.parse(blob) as {
      _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
    };
    for (const directive of _aws.CloudWatchMetrics)
      for (const dimensions of directive.Dimensions)
        for (const metric of directive.Metrics) names.add(`${metric.Name} [${dimensions.join(', ')}]`);
  }
  return [...names].sort();
}

interface Invocation {
  log: Counter;
  emfBytes: number;
}

/** Runs `invoke` `count` times with fresh Powertools instances at `level`: the first is the cold start. */
async function invocations(
  serviceName: string,
  level: StageLogLevel,
  count: number,
  invoke: (observability: Observability, index: number) => Promise<void>,
): Promise<{ warm: Invocation[]; coldEmfBytes: number; blobs: string[] }> {
  const observability = createObservability(serviceName, { logLevel: level });
  const output = captureOutput();
  const runs: Invocation[] = [];
  try {
    for (let index = 0; index < count; index++) {
      const before = { lines: output.log.lines, bytes: output.log.bytes, emf: output.emfBytes() };
      await invoke(observability, index);
      runs.push({
        log: { lines: output.log.lines - before.lines, bytes: output.log.bytes - before.bytes },
        emfBytes: output.emfBytes() - before.emf,
      });
    }
  } finally {
    output.restore();
  }
  const [cold, ...warm] = runs;
  return { warm, coldEmfBytes: cold!.emfBytes - average(warm.map((run) => run.emfBytes)), blobs: output.emf };
}

function functionVolume(
  perLevel: ReadonlyMap<StageLogLevel, Awaited<ReturnType<typeof invocations>>>,
): FunctionVolume {
  const info = perLevel.get('INFO')!;
  const round = (value: number) => Math.round(value);
  return {
    logs: Object.fromEntries(
      STAGE_LOG_LEVELS.map((level) => {
        const { warm } = perLevel.get(level)!;
        return [
          level,
          {
            lines: average(warm.map((run) => run.log.lines)),
            bytes: round(average(warm.map((run) => run.log.bytes))),
          },
        ];
      }),
    ) as FunctionVolume['logs'],
    emfBytesPerInvocation: round(average(info.warm.map((run) => run.emfBytes))),
    coldStartEmfBytes: round(info.coldEmfBytes),
    metrics: metricNames(info.blobs),
  };
}

export async function measureVolume(): Promise<Measured> {
  const environment = { ...process.env };
  // As in Lambda: metrics on, an on-demand environment (whose first invocation is a cold start),
  // and X-Ray's trace id, which the logger adds to every line.
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  process.env._X_AMZN_TRACE_ID = 'Root=1-6650a1b2-3c4d5e6f7a8b9c0d1e2f3a4b;Parent=1a2b3c4d5e6f7a8b;Sampled=1';
  const s3Mock = mockClient(S3Client);
  const ddbMock = mockClient(DynamoDBDocumentClient);
  try {
    const samples = sampleBatch(SHARE_SAMPLE, { seed: SEED }) as ValidSample[];
    const batch = samples.slice(0, BATCH);
    const records = shardRecords(batch);
    const event: KinesisStreamEvent = toLambdaEvent(records, STREAM);
    const s3 = new S3Client({ region: REGION });
    const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION }));

    const raw = new Map<string, string>();
    s3Mock.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Key: string; Body: unknown }) => {
      if (input.Bucket === RAW_BUCKET) raw.set(input.Key, String(input.Body));
      return { ETag: '"etag"' };
    });
    ddbMock.on(PutCommand).resolves({});

    const ingestConfig = loadIngestConfig({ RAW_BUCKET, LEDGER_TABLE });
    const ingestContext = lambdaContext('event-pipeline-ingest-prod-processor');
    const ingest = new Map<StageLogLevel, Awaited<ReturnType<typeof invocations>>>();
    for (const level of STAGE_LOG_LEVELS)
      ingest.set(
        level,
        await invocations('ingest', level, 3, async (observability) => {
          const handler = createIngestHandler({ config: ingestConfig, s3, dynamodb, observability });
          const response = await handler(event, ingestContext);
          if (response.batchItemFailures.length > 0) throw new Error('the ingest batch failed');
        }),
      );
    const ingestItem = ddbMock.commandCalls(PutCommand).at(-1)!.args[0].input.Item as Record<string, unknown>;
    const objectKeys = ingestItem.objects as string[];

    const rawKeys = [...raw.keys()];
    const transformConfig = loadTransformConfig({ PROCESSED_BUCKET, LEDGER_TABLE });
    const transformContext = lambdaContext('event-pipeline-transform-prod-transformer');
    s3Mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => ({
      Body: Readable.from([Buffer.from(raw.get(input.Key)!)]),
    }));
    const processed: string[] = [];
    s3Mock.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Body: unknown }) => {
      if (input.Bucket !== PROCESSED_BUCKET) return { ETag: '"etag"' };
      const body = input.Body;
      const chunks: Buffer[] = [];
      if (body instanceof Readable) for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
      else chunks.push(Buffer.from(body as string | Uint8Array));
      processed.push(Buffer.concat(chunks).toString('utf8'));
      return { ETag: '"etag"' };
    });
    const transform = new Map<StageLogLevel, Awaited<ReturnType<typeof invocations>>>();
    for (const level of STAGE_LOG_LEVELS) {
      processed.length = 0;
      transform.set(
        level,
        await invocations('transform', level, rawKeys.length + 1, async (observability, index) => {
          const handler = createTransformHandler({
            s3,
            dynamodb,
            config: transformConfig,
            observability,
          });
          const key = rawKeys[index % rawKeys.length]!;
          const size = Buffer.byteLength(raw.get(key)!);
          await handler(
            s3Event({ bucket: RAW_BUCKET, key, size, versionId: OBJECT_VERSION }),
            transformContext,
          );
        }),
      );
    }
    const transformItem = ddbMock.commandCalls(PutCommand).at(-1)!.args[0].input.Item as Record<
      string,
      unknown
    >;

    const eventBytes = batch.reduce((sum, sample) => sum + sample.bytes.length, 0);
    const dataBytes = batch.reduce((sum, sample) => sum + bytesOf(sample.event.data), 0);
    const rawBytes = [...raw.values()].reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    // The last round transformed every raw object once more after the first: count each object once.
    const processedBytes = processed
      .slice(-rawKeys.length)
      .reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    const lambdaRecordBytes = records.reduce(
      (sum, record) =>
        sum + bytesOf(toLambdaRecord(record, STREAM)) + 1 - Math.ceil(record.data.length / 3) * 4,
      0,
    );
    const keyBytes = objectKeys.reduce((sum, key) => sum + 1 + Buffer.byteLength(key), 0);
    const shares = Object.fromEntries(
      EVENT_TYPES.map((type) => [
        type,
        samples.filter((sample) => sample.event.event_type === type).length / samples.length,
      ]),
    ) as Record<EventType, number>;

    return {
      events: {
        sampleSize: samples.length,
        averageBytes: Math.round(average(samples.map((sample) => sample.bytes.length))),
        typeShares: shares,
      },
      rawLineOverheadBytes: Math.round((rawBytes - eventBytes) / batch.length),
      processedLine: {
        dataShare: Number((dataBytes / eventBytes).toFixed(3)),
        overheadBytes: Math.round((processedBytes - eventBytes - dataBytes) / batch.length),
      },
      kinesisRecordOverheadBytes: Math.round(lambdaRecordBytes / records.length),
      ledger: {
        ingestItemBaseBytes: itemBytes(ingestItem) - keyBytes,
        ingestItemBytesPerObject: Math.round(keyBytes / objectKeys.length),
        transformItemBytes: itemBytes(transformItem),
      },
      ingest: functionVolume(ingest),
      transform: functionVolume(transform),
    };
  } finally {
    s3Mock.restore();
    ddbMock.restore();
    for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
    Object.assign(process.env, environment);
  }
}

/** The figures as the source of measured.ts. */
function measuredSource(measured: Measured, date: string): string {
  return `/**
 * Facts measured from the real handlers by packages/cost/scripts/measure-volume.ts (${date}),
 * which says how; tests/integration/measured-volume.test.ts measures them again and fails when
 * a handler's logging, metrics, lines or ledger items change without this file. Regenerate:
 * \`npx tsx packages/cost/scripts/measure-volume.ts --write\`.
 */
import type { Measured } from './volume.js';

export const MEASURED: Measured = ${JSON.stringify(measured, null, 2)};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const measured = await measureVolume();
  if (process.argv.includes('--write')) {
    const file = fileURLToPath(new URL('../src/measured.ts', import.meta.url));
    writeFileSync(file, measuredSource(measured, new Date().toISOString().slice(0, 10)));
    // In the repository's own style, so that a regenerated file passes `npm run lint` as written.
    execFileSync(
      fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url)),
      ['format', '--write', file],
      {
        stdio: 'ignore',
      },
    );
    console.log(`wrote ${file}`);
  } else {
    console.log(JSON.stringify(measured, null, 2));
  }
}
