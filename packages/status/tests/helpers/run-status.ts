/**
 * `npm run status -- <args>` as an operator runs it: scripts/status.ts in a child process in
 * the repository root, stdout (the report or the JSON) apart from stderr (progress, errors).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface StatusRun {
  /** The exit status (null when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runStatus(args: readonly string[]): Promise<StatusRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join('scripts', 'status.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
