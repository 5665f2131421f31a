/** Bundles the CPU worker with the deployed settings and runs it in a fresh `node` process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from '../cold-start/bundle.js';
import { runNode } from '../lib/child.js';
import type { CpuOptions, CpuResult } from './cpu-worker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function benchCpu(options: CpuOptions): Promise<CpuResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  try {
    const worker = await bundleFunction(
      join(ROOT, 'config/esbuild.yml'),
      ROOT,
      'bench/handlers/cpu-worker.ts',
      outDir,
    );
    return await runNode<CpuResult>({
      // Imported from -e, not run as the main script: the validator bench's own CLI stays asleep.
      args: [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(pathToFileURL(worker.file).href)});`,
      ],
      env: {
        PATH: process.env.PATH,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_CPU_OPTIONS: JSON.stringify(options),
      },
      label: 'the CPU bench',
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
