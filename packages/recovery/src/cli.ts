/**
 * The frame of the recovery commands (`npm run redrive`, `npm run replay`): the flags they
 * share, the target those name, the options every run takes from them, the run timed, and the
 * target destroyed once it is over.
 */

import {
  addTargetOptions,
  logLevelOption,
  type StackTarget,
  type TargetFlags,
  targetFromFlags,
} from '@event-pipeline/cli';
import type { LogLevel } from '@event-pipeline/runtime';
import type { Command } from 'commander';

/**
 * The options every recovery command ends with: the stack it works on (--stage, --region,
 * --data-dir, --stack-file) and the handlers' --log-level, SILENT by default (each outcome is
 * printed anyway).
 */
export function addRecoveryOptions(command: Command, logLevelDescription: string): Command {
  return addTargetOptions(command).addOption(logLevelOption(logLevelDescription, 'SILENT'));
}

/** The flags every recovery command has (--dry-run and --attempts described by each). */
export interface RecoveryFlags extends TargetFlags {
  dryRun?: boolean;
  attempts: number;
  logLevel: LogLevel;
}

export interface RecoveryRun {
  target: StackTarget;
  /** The options of redrive() and replay() the flags set. */
  options: { target: StackTarget; dryRun: boolean; attempts: number; logLevel: LogLevel };
  /** The `elapsed` row of the summary table: the time since the target was ready. */
  elapsed(): [string, string];
}

/**
 * Runs `run` on the target the flags name, the handlers' metrics off (no CloudWatch agent reads
 * them from a terminal), and returns its exit status; the target is destroyed in any case.
 */
export async function runRecovery(
  rootDir: string,
  flags: RecoveryFlags,
  run: (recovery: RecoveryRun) => Promise<number>,
): Promise<number> {
  // EMF metrics go to stdout in a Lambda; from a terminal there is no CloudWatch agent to read them.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const target = await targetFromFlags(rootDir, flags);
  const started = Date.now();
  try {
    return await run({
      target,
      options: { target, dryRun: flags.dryRun === true, attempts: flags.attempts, logLevel: flags.logLevel },
      elapsed: () => ['elapsed', `${((Date.now() - started) / 1000).toFixed(1)} s`],
    });
  } finally {
    target.destroy();
  }
}
