/**
 * Runs one of the repository's scripts as an operator would (`npm start -- ...` is
 * `tsx scripts/local.ts ...`): a child process in the repository root, its stdout and stderr
 * collected together.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface ScriptRun {
  /** The exit status (null when a signal ended it). */
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/** Runs `scripts/<script>` with `args` and `env` (this process's by default); resolves once it exits. */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join('scripts', script), ...args], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
