/** Runs the Serverless Framework CLI (osls) of this repository as a child process. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface SlsRun {
  code: number;
  output: string;
}

export interface SlsOptions {
  cwd: string;
  repoRoot: string;
  /** Show the CLI's output live (deploy/remove) instead of only collecting it. */
  inheritOutput?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

function slsEntryPoint(repoRoot: string): string {
  return createRequire(join(repoRoot, 'package.json')).resolve('osls/bin/serverless.js');
}

export function runSls(args: readonly string[], options: SlsOptions): Promise<SlsRun> {
  const child = spawn(process.execPath, [slsEntryPoint(options.repoRoot), ...args], {
    cwd: options.cwd,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGTERM');
          reject(
            new Error(
              `sls ${args.join(' ')} in ${options.cwd} timed out after ${options.timeoutMs} ms\n${output}`,
            ),
          );
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}
