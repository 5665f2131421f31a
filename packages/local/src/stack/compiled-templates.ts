/**
 * The four stacks' CloudFormation templates as `sls package` compiles them for a stage and
 * region: the very JSON CloudFormation receives, so that the local stack cannot read the
 * Serverless files differently from the framework. Packaging takes seconds (the services'
 * bundles are built too), so the templates are cached under `.local/templates/`, keyed by a
 * hash of everything the framework reads to compile them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CfnTemplate, packageStack, STACKS, type StackId } from '@event-pipeline/infra';

type CompiledTemplates = Record<StackId, CfnTemplate>;

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

interface CompiledStacksOptions {
  /** The repository root. */
  rootDir: string;
  stage: string;
  region: string;
  /** `<rootDir>/.local/templates` by default. */
  cacheDir?: string;
}

/**
 * What `sls package` reads to compile the templates, relative to the repository root: each
 * stack's serverless.yml and the files they (and those files) `${file(...)}`, the local plugins
 * (scripts/*.cjs), and the framework's and plugins' versions (package-lock.json). Neither the
 * handlers' code (it changes the bundles, not the resources or their settings) nor files no
 * stack reads (config/producer.yml) are part of it.
 */
const FIXED_INPUTS = ['package-lock.json', ...STACKS.map((stack) => join(stack.dir, 'serverless.yml'))];
const PLUGINS = { dir: 'scripts', suffix: '.cjs' };
// Literal paths only; one built from a variable is not followed.
const FILE_REFERENCE = /\$\{file\(([^)$]+)\)/g;

/** The template inputs under `rootDir`: relative path -> contents. */
async function inputFiles(rootDir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const plugins = await readdir(join(rootDir, PLUGINS.dir)).catch(() => []);
  const pending = [
    ...FIXED_INPUTS,
    ...plugins.filter((name) => name.endsWith(PLUGINS.suffix)).map((name) => join(PLUGINS.dir, name)),
  ];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (found.has(file)) continue;
    const contents = await readFile(join(rootDir, file)).catch(() => undefined);
    if (contents === undefined) continue;
    found.set(file, contents);
    if (!/\.ya?ml$/.test(file)) continue;
    for (const [, reference] of contents.toString('utf8').matchAll(FILE_REFERENCE))
      pending.push(relative(rootDir, resolve(rootDir, dirname(file), reference!.trim())));
  }
  return found;
}

/** A hash of the template inputs' paths and contents, with the stage and region they are compiled for. */
export async function templateInputsHash(rootDir: string, stage: string, region: string): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ stage, region }));
  const inputs = await inputFiles(rootDir);
  for (const file of [...inputs.keys()].sort()) hash.update(`\0${file}\0`).update(inputs.get(file)!);
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

/** Writes atomically (another run may read it meanwhile) and drops the other entries starting with `prefix`. */
async function writeCache(file: string, prefix: string, templates: CompiledTemplates) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(templates));
  await rename(temporary, file);
  for (const other of await readdir(dirname(file)))
    if (other.startsWith(prefix) && other.endsWith('.json') && other !== basename(file))
      await rm(join(dirname(file), other), { force: true });
}

const LOCK_POLL_MS = 250;

/** Whether the process that wrote `lockFile` is gone (its packaging will never finish). */
async function abandoned(lockFile: string): Promise<boolean> {
  const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The templates in `cacheFile`, packaged by this process unless another one is packaging them
 * already (`npm start` and several test workers may start at once): then its entry is awaited.
 */
async function packageOnce(options: Required<CompiledStacksOptions>, cacheFile: string) {
  const { rootDir, stage, region, cacheDir } = options;
  const lockFile = `${cacheFile}.lock`;
  await mkdir(cacheDir, { recursive: true });
  for (;;) {
    const cached = await readCache(cacheFile);
    if (cached !== undefined) return { templates: cached, fromCache: true };
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await abandoned(lockFile)) await rm(lockFile, { force: true });
      else await sleep(LOCK_POLL_MS);
      continue;
    }
    try {
      // Written by the process that held the lock just before.
      const written = await readCache(cacheFile);
      if (written !== undefined) return { templates: written, fromCache: true };
      const templates = await packageAll(rootDir, stage, region);
      await writeCache(cacheFile, `${stage}-${region}-`, templates);
      return { templates, fromCache: false };
    } finally {
      await rm(lockFile, { force: true });
    }
  }
}

/** The stage's compiled templates: from the cache when their inputs are unchanged, else packaged. */
export async function compiledStacks(options: CompiledStacksOptions): Promise<CompiledStacks> {
  const { rootDir, stage, region } = options;
  const started = performance.now();
  const cacheDir = options.cacheDir ?? join(rootDir, '.local', 'templates');
  const cacheFile = join(
    cacheDir,
    `${stage}-${region}-${await templateInputsHash(rootDir, stage, region)}.json`,
  );
  const { templates, fromCache } = await packageOnce({ ...options, cacheDir }, cacheFile);
  return { stage, region, templates, cacheFile, fromCache, elapsedMs: performance.now() - started };
}
