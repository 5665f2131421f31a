/**
 * Where the handlers' time goes, step by step (steps-worker.ts), in µs of CPU per record:
 *   npx tsx bench/handlers/steps.ts [--records 10000] [--rounds 15]
 * Bundled and flagged as the functions are deployed and run in a fresh process, like the CPU bench.
 */
import { parsePositiveInteger } from '@event-pipeline/cli';
import { Command } from 'commander';
import { runBundledWorker } from './bundled-worker.js';
import type { StepCosts, StepsOptions } from './steps-worker.js';

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

const [result] = await runBundledWorker<{ ingest: StepCosts; transform: StepCosts }>({
  entry: 'bench/handlers/steps-worker.ts',
  optionsVariable: 'BENCH_STEPS_OPTIONS',
  options,
  label: 'the step costs',
});
for (const [handler, steps] of Object.entries(result!)) {
  console.log(`\n${handler}, ${options.records} records: µs/record (CPU, median of ${options.rounds})`);
  for (const [step, us] of Object.entries(steps)) console.log(`  ${us.toFixed(3).padStart(7)}  ${step}`);
}
