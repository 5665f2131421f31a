/** `npm run cost -- <args>` as a user runs it: `tsx scripts/cost.ts` in a child process at the repository root. */
import { runTsx, type ScriptRun } from '../../../../tests/helpers/run-script.js';

export type CostRun = ScriptRun;

export function runCost(args: readonly string[]): Promise<CostRun> {
  return runTsx('scripts/cost.ts', args);
}
