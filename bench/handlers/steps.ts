/**
 * Where the handlers' time goes, step by step (steps-worker.ts), in µs of CPU per record:
 *   npx tsx bench/handlers/steps.ts [--records 10000] [--rounds 15]
 * Bundled with the deployed esbuild settings and run in a fresh process, like the CPU bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePositiveInteger } from '@event-pipeline/cli';
import { Command } from 'commander';
import { bundleFunction } from '../cold-start/bundle.js';
import { DEPLOYED_NODE_OPTIONS } from '../cold-start/fresh-process.js';
import { runNode } from '../lib/child.js';
import type { StepCosts, StepsOptions } from './steps-worker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const values = new Command()
  .name('npx tsx bench/handlers/steps.ts')
  .description(
    "Where the handlers' CPU goes, step by step, in µs per record (bundled as deployed, fresh process).",
  )
  .option('--records <n>', 'records of the Kinesis event and the raw object', parsePositiveInteger, 10_000)
  .option('--rounds <n>', 'measured rounds of each step (median)', parsePositiveInteger, 15)
  .parse()
  .opts<{ records: number; rounds: number }>();
const options: StepsOptions = { records: values.records, rounds: values.rounds, warmup: 5 };

const outDir = mkdtempSync(join(tmpdir(), 'bench-steps-'));
try {
  const worker = await bundleFunction(
    join(ROOT, 'config/esbuild.yml'),
    ROOT,
    'bench/handlers/steps-worker.ts',
    outDir,
  );
  const result = await runNode<{ ingest: StepCosts; transform: StepCosts }>({
    args: ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(worker.file).href)});`],
    env: {
      PATH: process.env.PATH,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BENCH_STEPS_OPTIONS: JSON.stringify(options),
    },
    label: 'the step costs',
    nodeOptions: DEPLOYED_NODE_OPTIONS,
  });
  for (const [handler, steps] of Object.entries(result)) {
    console.log(`\n${handler}, ${options.records} records: µs/record (CPU, median of ${options.rounds})`);
    for (const [step, us] of Object.entries(steps)) console.log(`  ${us.toFixed(3).padStart(7)}  ${step}`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
