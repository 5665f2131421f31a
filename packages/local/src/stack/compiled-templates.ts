/**
 * The three stacks' CloudFormation templates as `sls package` compiles them for a stage and
 * region: the very JSON CloudFormation receives, so that the local stack cannot read the
 * Serverless files differently from the framework. Packaging takes seconds (the services'
 * bundles are built too), so the templates are cached under `.local/templates/`, keyed by a
 * hash of everything the framework reads to compile them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CfnTemplate, packageStack, STACKS, type StackId } from '@event-pipeline/infra';

export type CompiledTemplates = Record<StackId, CfnTemplate>;

export interface CompiledStacks {
  stage: string;
  region: string;
  templates: CompiledTemplates;
  /** The cache file they were read from, or written to after packaging. */
  cacheFile: string;
  /** Whether they came from the cache, without running `sls package`. */
  fromCache: boolean;
  /** How long reading or packaging them took. */
  elapsedMs: number;
}

export interface CompiledStacksOptions {
  /** The repository root. */
  rootDir: string;
  stage: string;
  region: string;
  /** `<rootDir>/.local/templates` by default. */
  cacheDir?: string;
}

/**
 * What `sls package` reads to compile the templates, relative to the repository root: each
 * stack's serverless.yml, the files they `${file(...)}` (resources/, config/), the local
 * plugins (scripts/*.cjs), and the framework's and plugins' versions (package-lock.json). The
 * handlers' code is left out: it changes the bundles, not the resources or their settings.
 */
const INPUT_FILES = ['package-lock.json', ...STACKS.map((stack) => join(stack.dir, 'serverless.yml'))];
const INPUT_DIRECTORIES: ReadonlyArray<{ dir: string; suffix?: string }> = [
  { dir: 'resources' },
  { dir: 'config' },
  { dir: 'scripts', suffix: '.cjs' },
];

/** The relative paths of the template inputs that exist under `rootDir`, sorted. */
async function inputFiles(rootDir: string): Promise<string[]> {
  const files = INPUT_FILES.filter((file) => existsSync(join(rootDir, file)));
  for (const { dir, suffix = '' } of INPUT_DIRECTORIES) {
    const names = await readdir(join(rootDir, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of names)
      if (entry.isFile() && entry.name.endsWith(suffix)) files.push(join(dir, entry.name));
  }
  return files.sort();
}

/** A hash of the template inputs' paths and contents, with the stage and region they are compiled for. */
export async function templateInputsHash(rootDir: string, stage: string, region: string): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ stage, region }));
  for (const file of await inputFiles(rootDir)) {
    hash.update(`\0${file}\0`);
    hash.update(await readFile(join(rootDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function packageAll(rootDir: string, stage: string, region: string): Promise<CompiledTemplates> {
  // Each stack packages in its own copy of the repository, so they can run at once.
  const packaged = await Promise.all(
    STACKS.map((stack) => packageStack({ repoRoot: rootDir, stack, stage, region })),
  );
  return Object.fromEntries(packaged.map(({ stack, template }) => [stack, template])) as CompiledTemplates;
}

async function readCache(file: string): Promise<CompiledTemplates | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CompiledTemplates;
  } catch {
    return undefined;
  }
}

/** Writes atomically (another run may read it meanwhile) and drops the stage's stale entries. */
async function writeCache(cacheDir: string, name: string, prefix: string, templates: CompiledTemplates) {
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, name);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(templates));
  await rename(temporary, file);
  for (const other of await readdir(cacheDir))
    if (other.startsWith(prefix) && other.endsWith('.json') && other !== name)
      await rm(join(cacheDir, other), { force: true });
}

// Pipelines started in one process (the tests) share one packaging.
const inProcess = new Map<string, Promise<CompiledStacks>>();

async function load(options: CompiledStacksOptions): Promise<CompiledStacks> {
  const { rootDir, stage, region } = options;
  const started = performance.now();
  const cacheDir = options.cacheDir ?? join(rootDir, '.local', 'templates');
  const prefix = `${stage}-${region}-`;
  const name = `${prefix}${await templateInputsHash(rootDir, stage, region)}.json`;
  const cacheFile = join(cacheDir, name);
  const cached = await readCache(cacheFile);
  const templates = cached ?? (await packageAll(rootDir, stage, region));
  if (cached === undefined) await writeCache(cacheDir, name, prefix, templates);
  const elapsedMs = performance.now() - started;
  return { stage, region, templates, cacheFile, fromCache: cached !== undefined, elapsedMs };
}

/** The stage's compiled templates: from the cache when their inputs are unchanged, else packaged. */
export function compiledStacks(options: CompiledStacksOptions): Promise<CompiledStacks> {
  const key = JSON.stringify([options.rootDir, options.stage, options.region, options.cacheDir]);
  const loading = inProcess.get(key) ?? load(options);
  inProcess.set(key, loading);
  // A failure is not remembered; neither is a success, whose inputs may change before the next call.
  return loading.finally(() => inProcess.delete(key));
}
