/** Runs one of the repository's scripts as an operator would (`npm run redrive -- ...` is `tsx scripts/redrive.ts ...`). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './local-stack.js';

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join('scripts', script), ...args], { cwd: ROOT, env });
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
