/** The flags naming the stack a tool works on (`npm run produce`, `npm run redrive`, `npm run replay`). */
import type { Command } from 'commander';
import { repositoryFileOption } from './options.js';

/** The flags of `addTargetOptions`. */
export interface TargetFlags {
  stage?: string;
  region?: string;
  stackFile: string;
}

/** Which stack a tool works on: the running local stack (its stack file) or, with --stage, a deployed one. */
export function addTargetOptions(command: Command, rootDir: string): Command {
  return command
    .option(
      '--stage <stage>',
      'a deployed stage instead of the local stack (AWS credentials from the environment)',
    )
    .option('--region <region>', "with --stage: the region (default: the stage's `region` parameter)")
    .addOption(
      repositoryFileOption('--stack-file <file>', 'the local stack to target', rootDir, '.local/stack.json'),
    );
}
