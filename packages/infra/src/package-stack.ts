/**
 * Packages one stack with `sls package` into a private copy of the repository, so that packaging
 * never races a build, test or `sls invoke local` running in the checkout itself (serverless-esbuild
 * writes .esbuild/ next to serverless.yml), and so that tests can package deliberately altered copies.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSls } from './serverless-cli.js';
import type { StackDefinition } from './stacks.js';
import type { CfnTemplate, StackTemplate } from './template.js';

/** Generated, or not needed to package: never copied. node_modules directories are linked instead. */
const SKIPPED = new Set(['.git', '.local', '.serverless', '.esbuild', 'coverage', 'tests', 'bench']);

const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

export interface PackageOptions {
  repoRoot: string;
  stack: StackDefinition;
  stage: string;
  region?: string;
  /** Changes the copy before packaging (tests use it to break fragments on purpose). */
  mutate?: (copyRoot: string) => Promise<void>;
  timeoutMs?: number;
}

/** Others work in the checkout meanwhile: a file or directory that vanished since it was listed was transient. */
function ignoreVanished(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    ignoreVanished(error);
    return [];
  });
  for (const entry of entries) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.name === 'node_modules') {
      // Workspace packages and plugins resolve through the real node_modules.
      await symlink(source, target, 'dir');
    } else if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) await copyTree(source, target);
    } else if (entry.isFile()) {
      await copyFile(source, target).catch(ignoreVanished);
    }
  }
}

/** Packages `stack` and returns its CloudFormation template (the update-stack one, which has every resource). */
export async function packageStack(options: PackageOptions): Promise<StackTemplate> {
  const { repoRoot, stack, stage } = options;
  const copyRoot = await mkdtemp(join(tmpdir(), `verify-${stack.id}-`));
  try {
    await copyTree(repoRoot, copyRoot);
    await options.mutate?.(copyRoot);
    const outDir = join(copyRoot, '.package-output');
    const args = ['package', '--stage', stage, '--package', outDir];
    if (options.region) args.push('--region', options.region);
    const run = await runSls(args, {
      cwd: join(copyRoot, stack.dir),
      repoRoot,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (run.code !== 0) {
      throw new Error(
        `sls package of the ${stack.id} stack (${stack.dir}) failed with exit code ${run.code}:\n${run.output}`,
      );
    }
    const template = JSON.parse(await readFile(join(outDir, TEMPLATE_FILE), 'utf8')) as CfnTemplate;
    return { stack: stack.id, template };
  } finally {
    await rm(copyRoot, { recursive: true, force: true });
  }
}
