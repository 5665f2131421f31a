/**
 * Runs one of the repository's scripts as an operator would (`npm start -- ...` is
 * `tsx scripts/local.ts ...`): a child process, by default in the repository root, its stdout
 * and stderr collected apart and together.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface ScriptRun {
  /** The exit status (null when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

export interface RunOptions {
  /** The repository root by default. */
  cwd?: string;
  /** This process's environment by default. */
  env?: Record<string, string | undefined>;
}

/** Runs `node <args>`; resolves once it exits. */
export function runNode(args: readonly string[], options: RunOptions = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
    });
    const run = { stdout: '', stderr: '', output: '' };
    for (const stream of ['stdout', 'stderr'] as const)
      child[stream].on('data', (chunk: Buffer) => {
        run[stream] += chunk.toString();
        run.output += chunk.toString();
      });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...run }));
  });
}

/** Runs the TypeScript file `file` (relative to the working directory) with tsx. */
export function runTsx(file: string, args: readonly string[], options: RunOptions = {}): Promise<ScriptRun> {
  return runNode([TSX, file, ...args], options);
}

/** Runs `scripts/<script>` with `args` and `env` (this process's by default). */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<ScriptRun> {
  return runTsx(join('scripts', script), args, { env });
}
