// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Serverless ${file(...)} syntax, not templates.
/**
 * The repository's own stacks as `sls package` compiles them, cached by a hash of their inputs:
 * what the local pipeline is built from agrees with config/stages.yml, and a second load reads
 * the cache instead of packaging again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStageParams, numberParam, stringParam } from '@event-pipeline/infra';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadPipelineStacks } from '../../../src/pipeline/pipeline-stacks.js';
import { templateInputsHash } from '../../../src/stack/compiled-templates.js';

const ROOT = fileURLToPath(new URL('../../../../..', import.meta.url));
const LOCATION = { region: 'us-east-1', accountId: '000000000000' };

describe('templateInputsHash', () => {
  let tree: string;
  const write = async (file: string, text: string) => {
    await mkdir(dirname(join(tree, file)), { recursive: true });
    await writeFile(join(tree, file), text);
  };
  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'template-inputs-'));
    await write(
      'serverless.yml',
      'params: ${file(./config/stages.yml)}\nresources:\n  - ${file(./resources/stream.yml)}',
    );
    await write('services/ingest/serverless.yml', 'params: ${file(../../config/stages.yml)}');
    await write('services/transform/serverless.yml', 'custom: ${file(../../config/esbuild.yml):bundle}');
    await write('resources/stream.yml', 'Resources: ${file(./nested.yml)}');
    for (const file of [
      'resources/nested.yml',
      'config/stages.yml',
      'config/esbuild.yml',
      'config/producer.yml',
      'scripts/plugin.cjs',
      'package-lock.json',
      'services/ingest/src/handler.ts',
    ])
      await write(file, `${file} v1`);
  });
  afterAll(async () => {
    await rm(tree, { recursive: true, force: true });
  });

  it('changes with any file the framework compiles the templates from, the stage and the region', async () => {
    const before = await templateInputsHash(tree, 'dev', 'us-east-1');
    expect(await templateInputsHash(tree, 'prod', 'us-east-1')).not.toBe(before);
    expect(await templateInputsHash(tree, 'dev', 'eu-west-1')).not.toBe(before);
    for (const file of [
      'services/transform/serverless.yml',
      'resources/stream.yml',
      'resources/nested.yml',
      'config/stages.yml',
      'config/esbuild.yml',
      'scripts/plugin.cjs',
      'package-lock.json',
    ]) {
      const previous = await templateInputsHash(tree, 'dev', 'us-east-1');
      await appendFile(join(tree, file), '\n# changed');
      expect([file, await templateInputsHash(tree, 'dev', 'us-east-1')]).not.toEqual([file, previous]);
    }
  });

  it("stays the same when only a handler's code or a file no stack reads changes", async () => {
    const before = await templateInputsHash(tree, 'dev', 'us-east-1');
    await write('services/ingest/src/handler.ts', 'changed');
    await write('scripts/local.ts', 'changed');
    await write('config/producer.yml', 'changed');
    await write('resources/unused.yml', 'changed');
    expect(await templateInputsHash(tree, 'dev', 'us-east-1')).toBe(before);
  });
});

describe("the repository's stacks, compiled", () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'template-cache-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('are packaged once, even when asked for twice at once, then read from the cache, which keeps one entry per stage and region', async () => {
    const stale = join(cacheDir, 'dev-us-east-1-0000000000000000.json');
    const otherStage = join(cacheDir, 'prod-us-east-1-0000000000000000.json');
    await writeFile(stale, '{}');
    await writeFile(otherStage, '{}');
    // A run that died while packaging left its lock behind.
    const hash = await templateInputsHash(ROOT, 'dev', LOCATION.region);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(cacheDir, `dev-${LOCATION.region}-${hash}.json.lock`), String(deadPid));

    const load = () => loadPipelineStacks({ rootDir: ROOT, stage: 'dev', ...LOCATION, cacheDir });
    const [first, second] = await Promise.all([load(), load()]);
    expect([first.compiled.fromCache, second.compiled.fromCache].sort()).toEqual([false, true]);
    expect(second.compiled.templates).toEqual(first.compiled.templates);
    expect(existsSync(first.compiled.cacheFile)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(otherStage)).toBe(true);

    const cached = await load();
    expect(cached.compiled).toMatchObject({ fromCache: true, cacheFile: first.compiled.cacheFile });
    expect(cached.compiled.templates).toEqual(first.compiled.templates);
  }, 180_000);

  it('give the local stack the stage parameters of config/stages.yml', async () => {
    const params = await loadStageParams(ROOT, 'dev');
    const stacks = await loadPipelineStacks({ rootDir: ROOT, stage: 'dev', ...LOCATION, cacheDir });
    expect(stacks.compiled.fromCache).toBe(true);
    expect(stacks.infra.streams).toEqual([
      expect.objectContaining({
        shardCount: numberParam(params, 'streamShardCount'),
        retentionHours: numberParam(params, 'streamRetentionHours'),
      }),
    ]);
    const { ingest, transform } = stacks.triggers();
    expect(ingest.fn.name).toBe(stringParam(params, 'ingestFunctionName'));
    expect(ingest.streamName).toBe(stacks.infra.streams[0]!.name);
    expect(ingest.parallelizationFactor).toBe(numberParam(params, 'ingestParallelizationFactor'));
    expect(ingest.settings).toMatchObject({
      batchSize: numberParam(params, 'ingestBatchSize'),
      batchWindowSeconds: numberParam(params, 'ingestBatchWindowSeconds'),
      maximumRetryAttempts: numberParam(params, 'ingestMaximumRetryAttempts'),
      maximumRecordAgeSeconds: numberParam(params, 'ingestMaximumRecordAgeSeconds'),
    });
    expect(ingest.fn.environment.RAW_BUCKET).toBe(transform.bucket);
    expect(transform.fn.name).toBe(stringParam(params, 'transformFunctionName'));
    expect(transform.fn.environment.LEDGER_TABLE).toBe(ingest.fn.environment.LEDGER_TABLE);
    const queues = stacks.infra.queues.map((queue) => `:${queue.name}`);
    expect(queues.some((name) => ingest.onFailureArn?.endsWith(name))).toBe(true);
    expect(queues.some((name) => transform.onFailureArn?.endsWith(name))).toBe(true);
  });
});
