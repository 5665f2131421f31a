/**
 * The CPU worker (cpu-worker.ts) in fresh processes, bundled and flagged as the functions are
 * deployed (bundled-worker.ts): each handler's figures are those of the process with its median
 * ratio, the others the median of each over the processes. Each process's JIT and heap settle
 * their own way (alone on this machine, the handler ratios moved by up to 0.3 from one process to
 * the next): one process is one sample.
 */
import { medianBy, medianOfEach } from '../lib/stats.js';
import { runBundledWorker } from './bundled-worker.js';
import type { CpuOptions, CpuResult } from './cpu-worker.js';

export async function benchCpu(options: CpuOptions, processes: number): Promise<CpuResult> {
  const results = await runBundledWorker<CpuResult>({
    entry: 'bench/handlers/cpu-worker.ts',
    optionsVariable: 'BENCH_CPU_OPTIONS',
    options,
    processes,
    label: 'the CPU bench',
  });
  return {
    ...medianOfEach(results),
    // A handler's figures come from the process with its median ratio, so that they agree.
    ingest: medianBy(results, (result) => result.ingest.ratio).ingest,
    transform: medianBy(results, (result) => result.transform.ratio).transform,
  };
}
