/**
 * Runs a measurement in a fresh `node` process and reads its result: the last stdout line
 * that starts with `BENCH `, as JSON. Whatever else the child prints (the functions' logs
 * and EMF metrics) is ignored, the way Lambda ships it off to CloudWatch.
 */
import { spawn } from 'node:child_process';

const RESULT_PREFIX = 'BENCH ';

export interface NodeRun {
  args: string[];
  env: Record<string, string | undefined>;
  /** Node flags, as the function's NODE_OPTIONS. */
  nodeOptions?: string;
  label: string;
}

export function runNode<T>({ args, env, nodeOptions = '', label }: NodeRun): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...env, NODE_OPTIONS: nodeOptions },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Keep the tail only: a child may log a lot, the result comes last.
      if (stdout.length > 1_000_000) stdout = stdout.slice(-100_000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').findLast((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`${label} failed (exit ${code}): ${(stderr || stdout.slice(-2000)).trim()}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
    });
  });
}

/** Prints a result the parent's `runNode` reads, then exits (open sockets must not keep it alive). */
export function reportResult(result: unknown): void {
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
}
