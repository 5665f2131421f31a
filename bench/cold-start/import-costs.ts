/**
 * What each piece of a function adds to an init over the bare S3 and DynamoDB clients (the
 * cold-start reference's): every piece bundled with the clients with the deployed settings
 * (config/esbuild.yml), imported (and constructed, where a function builds one at init) in a
 * fresh `node` process with the deployed NODE_OPTIONS, bundles alternating run after run.
 * Reported: the bytes an init reads, the median wall and CPU ms of the import with their
 * interquartile range, and what the piece adds to the clients' medians.
 *
 * Usage: npx tsx bench/cold-start/import-costs.ts [--runs 21] [--only piece,piece] [--traced]
 * (--traced: the Lambda environment of a function with `tracing: Active`, for the Tracer).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePositiveInteger } from '@event-pipeline/cli';
import { Command } from 'commander';
import { runNode } from '../lib/child.js';
import { tracedLambdaEnvironment } from '../lib/lambda-environment.js';
import { median } from '../lib/stats.js';
import { bundleFunction } from './bundle.js';
import { DEPLOYED_NODE_OPTIONS } from './fresh-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CLIENTS = `
    import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
    import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
    export const clients = [new S3Client({}), new DynamoDBClient({}), PutObjectCommand, PutItemCommand];`;
const BARE = 'the clients alone';

/** Each piece as a function's init meets it, added to the clients. */
const PIECES: Record<string, string> = {
  [BARE]: '',
  'lib-dynamodb (DocumentClient)': `
    import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
    export const piece = [DynamoDBDocumentClient, PutCommand];`,
  'powertools logger': `
    import { Logger } from '@aws-lambda-powertools/logger';
    export const piece = new Logger({ serviceName: 'piece' });`,
  'powertools metrics': `
    import { Metrics } from '@aws-lambda-powertools/metrics';
    export const piece = new Metrics({ namespace: 'Piece', serviceName: 'piece' });`,
  'logger + metrics middlewares': `
    import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
    import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
    import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
    export const piece = [injectLambdaContext, logMetrics, captureLambdaHandler];`,
  'powertools tracer (X-Ray SDK)': `
    import { Tracer } from '@aws-lambda-powertools/tracer';
    export const piece = new Tracer({ serviceName: 'piece', captureHTTPsRequests: false });`,
  'aws-xray-sdk-core alone': `
    import * as xray from 'aws-xray-sdk-core';
    export const piece = xray;`,
  'middy core': `
    import middy from '@middy/core';
    export const piece = middy;`,
  'schema validators': `
    import { validate } from '@event-pipeline/schema';
    export const piece = validate;`,
  'runtime package (all of it)': `
    import * as runtime from '@event-pipeline/runtime';
    export const piece = runtime;`,
  'parquet writer (compact)': `
    import * as parquet from 'hyparquet-writer';
    export const piece = parquet;`,
};

const HARNESS = `
const cpuAtStart = process.cpuUsage();
const started = performance.now();
await import(process.argv[2]);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write('\\nBENCH ' + JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n', () => process.exit(0));
`;

interface Sample {
  ms: number;
  cpuMs: number;
}

const values = new Command()
  .name('npx tsx bench/cold-start/import-costs.ts')
  .description(
    'What each piece adds to an init over the bare S3 and DynamoDB clients (fresh processes, medians).',
  )
  .option('--runs <n>', 'fresh processes per piece', parsePositiveInteger, 21)
  .option('--only <names>', 'comma-separated parts of piece names to measure (the bare clients always)')
  .option('--traced', "in Lambda's tracing environment", false)
  .parse()
  .opts<{ runs: number; only?: string; traced: boolean }>();
const runs = values.runs;
const only = values.only?.split(',');
const names = Object.keys(PIECES).filter(
  (name) => name === BARE || only === undefined || only.some((o) => name.includes(o)),
);

const workDir = mkdtempSync(join(tmpdir(), 'bench-import-costs-'));
try {
  // Inside the repository, so that the pieces resolve its packages as the functions do.
  const sourceDir = mkdtempSync(join(ROOT, 'bench/cold-start/.pieces-'));
  const bundles = new Map<string, { file: string; initBytes: number }>();
  try {
    for (const [index, name] of names.entries()) {
      const entry = join(sourceDir, `piece-${index}.ts`);
      writeFileSync(entry, `${CLIENTS}\n${PIECES[name]!}`);
      const bundle = await bundleFunction(
        join(ROOT, 'config/esbuild.yml'),
        sourceDir,
        entry,
        join(workDir, String(index)),
      );
      bundles.set(name, bundle);
    }
  } finally {
    rmSync(sourceDir, { recursive: true, force: true });
  }
  const harness = join(workDir, 'harness.mjs');
  writeFileSync(harness, HARNESS);
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(values.traced
      ? tracedLambdaEnvironment({ functionName: 'piece', taskRoot: workDir, daemonAddress: '127.0.0.1:2000' })
      : {}),
  };
  const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(run + i) % names.length]!;
      samples.get(name)!.push(
        await runNode<Sample>({
          args: [harness, bundles.get(name)!.file],
          env,
          nodeOptions: DEPLOYED_NODE_OPTIONS,
          label: name,
        }),
      );
    }
  }
  const quartiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.round((sorted.length - 1) * q)]!.toFixed(1);
    return `${at(0.25)}-${at(0.75)}`;
  };
  const bare = samples.get(BARE)!;
  const [bareMs, bareCpu] = [median(bare.map((s) => s.ms)), median(bare.map((s) => s.cpuMs))];
  const bareBytes = bundles.get(BARE)!.initBytes;
  console.log(`${runs} runs each, NODE_OPTIONS='${DEPLOYED_NODE_OPTIONS}'${values.traced ? ', traced' : ''}`);
  console.log('| the clients and | init KB (added) | import ms (IQR) | added | CPU ms (IQR) | added |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const name of names) {
    const s = samples.get(name)!;
    const [ms, cpu] = [median(s.map((x) => x.ms)), median(s.map((x) => x.cpuMs))];
    console.log(
      `| ${name} | ${(bundles.get(name)!.initBytes / 1024).toFixed(0)} (${((bundles.get(name)!.initBytes - bareBytes) / 1024).toFixed(0)}) | ${ms.toFixed(1)} (${quartiles(s.map((x) => x.ms))}) | ${(ms - bareMs).toFixed(1)} | ${cpu.toFixed(1)} (${quartiles(s.map((x) => x.cpuMs))}) | ${(cpu - bareCpu).toFixed(1)} |`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
