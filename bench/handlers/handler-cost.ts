/**
 * Bundles the CPU worker with the deployed settings and runs it with the functions' deployed
 * NODE_OPTIONS in fresh `node` processes, one after another: each handler's figures are those
 * of the process with its median ratio, the others the median of each over the processes. Each process's JIT and heap settle their own way (alone on this machine, the
 * handler ratios moved by up to 0.3 from one process to the next): one process is one sample.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from '../cold-start/bundle.js';
import { DEPLOYED_NODE_OPTIONS } from '../cold-start/fresh-process.js';
import { runNode } from '../lib/child.js';
import { medianBy, medianOfEach } from '../lib/stats.js';
import type { CpuOptions, CpuResult } from './cpu-worker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function benchCpu(options: CpuOptions, processes: number): Promise<CpuResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  try {
    const worker = await bundleFunction(
      join(ROOT, 'config/esbuild.yml'),
      ROOT,
      'bench/handlers/cpu-worker.ts',
      outDir,
    );
    const results: CpuResult[] = [];
    for (let i = 0; i < processes; i++) {
      results.push(
        await runNode<CpuResult>({
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
          label: `the CPU bench (process ${i + 1} of ${processes})`,
          nodeOptions: DEPLOYED_NODE_OPTIONS,
        }),
      );
    }
    return {
      ...medianOfEach(results),
      // A handler's figures come from the process with its median ratio, so that they agree.
      ingest: medianBy(results, (result) => result.ingest.ratio).ingest,
      transform: medianBy(results, (result) => result.transform.ratio).transform,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
