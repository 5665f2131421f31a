/**
 * One local stack per data folder, as an operator meets it in two shells (`npm start` in child
 * processes): a second stack on the same folder refuses in one line naming the running one and
 * leaves it serving; a stack killed with -9 leaves files that the tools call stale and the next
 * `npm start` takes over; every stack that exits removes its stack file, env file and lock.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(script: string, args: readonly string[]): Started {
  const child = spawn(process.execPath, [TSX, script, ...args], { cwd: ROOT, env: ENV });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function run(script: string, args: readonly string[]) {
  const started = start(script, args);
  const code = await started.exited;
  return { code, output: started.output() };
}

async function waitFor(file: string, started: Started): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no ${file} after 60 s:\n${started.output()}`);
    await sleep(100);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'one-stack-'));
const files = {
  json: join(dataDir, 'stack.json'),
  env: join(dataDir, 'stack.env'),
  lock: join(dataDir, 'stack.lock'),
};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const running: Started[] = [];

afterAll(async () => {
  for (const started of running) started.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on a data folder another stack holds', () => {
  it('refuses in one line naming the running stack, which keeps serving the other tools', async () => {
    const first = start('scripts/local.ts', ['--duration', '0', '--keep-alive', '--data-dir', dataDir]);
    running.push(first);
    await waitFor(files.json, first);
    const stack = readJson(files.json) as { pid: number; endpoints: { kinesis: string } };
    const before = readFileSync(files.json, 'utf8');

    const second = await run('scripts/local.ts', ['--duration', '1', '--data-dir', dataDir]);
    const lines = second.output.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^npm start: another local stack is running on ${dataDir} \\(pid ${stack.pid}, started [^,]+, kinesis ${stack.endpoints.kinesis}, s3 `,
      ),
    );
    expect(lines[0]).toContain('--data-dir <dir>');
    expect(second.code).toBe(2);

    // The first one's files are untouched, and it still serves.
    expect(readFileSync(files.json, 'utf8')).toBe(before);
    const produced = await run('scripts/produce.ts', ['--duration', '1', '--data-dir', dataDir]);
    expect(produced.output).toMatch(/sent\s+10 of 10/);
    expect(produced.code).toBe(0);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    for (const file of Object.values(files)) expect(existsSync(file)).toBe(false);
  }, 120_000);

  it("says a killed stack's files are stale, and the next npm start takes the folder over", async () => {
    const killed = start('scripts/local.ts', ['--duration', '0', '--keep-alive', '--data-dir', dataDir]);
    running.push(killed);
    await waitFor(files.json, killed);
    const { pid } = readJson(files.lock) as { pid: number };
    // The process serving the stack (tsx runs it as its child), killed as `kill -9` does.
    process.kill(pid, 'SIGKILL');
    await killed.exited;
    expect(existsSync(files.json)).toBe(true);

    const produce = await run('scripts/produce.ts', ['--duration', '1', '--data-dir', dataDir]);
    expect(produce.output.trim()).toMatch(
      new RegExp(`^produce: the local stack of ${files.json} is not running \\(its process ${pid}, started `),
    );
    expect(produce.code).toBe(2);

    const next = await run('scripts/local.ts', ['--duration', '0', '--data-dir', dataDir]);
    expect(next.output).toMatch(
      new RegExp(`note: took over ${files.lock} from a stack that is no longer running \\(pid ${pid}, `),
    );
    expect(next.output).toContain('Nothing was produced by this run: nothing to reconcile.');
    expect(next.code).toBe(0);
    for (const file of Object.values(files)) expect(existsSync(file)).toBe(false);
  }, 120_000);
});
