/** `npm run cost -- <args>` as a user runs it: `tsx scripts/cost.ts` in a child process at the repository root. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';

export interface CostRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCost(args: readonly string[]): Promise<CostRun> {
  return new Promise((resolve, reject) => {
    const tsx = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
    const child = spawn(process.execPath, [tsx, 'scripts/cost.ts', ...args], {
      cwd: REPO_ROOT,
      env: process.env,
    });
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
