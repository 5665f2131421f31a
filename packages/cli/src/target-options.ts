/** The flags naming the stack a tool works on (`npm run produce`, `npm run redrive`, `npm run replay`). */
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { parseStage } from './parsers.js';

/** The flags of `addTargetOptions`. */
export interface TargetFlags {
  stage?: string;
  region?: string;
  dataDir?: string;
  stackFile?: string;
}

/** Where `npm start` keeps its stack file and lake unless told otherwise (--data-dir), under the repository root. */
export const DEFAULT_DATA_DIR = '.local';
export const STACK_FILE_NAME = 'stack.json';

/**
 * The stack file of the local stack the flags name: --stack-file, else `stack.json` of
 * --data-dir, else `$LOCAL_STACK_FILE` (as `sls invoke local` reads it), else the default data folder's.
 */
export function stackFileOf(
  rootDir: string,
  flags: Pick<TargetFlags, 'dataDir' | 'stackFile'>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (flags.stackFile !== undefined) return resolve(flags.stackFile);
  if (flags.dataDir !== undefined) return resolve(flags.dataDir, STACK_FILE_NAME);
  if (env.LOCAL_STACK_FILE) return resolve(env.LOCAL_STACK_FILE);
  return join(rootDir, DEFAULT_DATA_DIR, STACK_FILE_NAME);
}

/** `--stage`: a stage name, by the rule of every stack's names (see parseStage). */
export function stageOption(description: string, defaultStage?: string): Option {
  const option = new Option('--stage <stage>', description).argParser(parseStage);
  return defaultStage === undefined ? option : option.default(defaultStage);
}

/** Which stack a tool works on: the running local stack (its stack file) or, with --stage, a deployed one. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(
      stageOption('a deployed stage instead of the local stack (AWS credentials from the environment)'),
    )
    .option('--region <region>', "with --stage: the region (default: the stage's `region` parameter)")
    .addOption(
      new Option(
        '--data-dir <dir>',
        `the local stack started with \`npm start -- --data-dir <dir>\` (default: ${DEFAULT_DATA_DIR}, or the folder of $LOCAL_STACK_FILE)`,
      ).conflicts('stackFile'),
    )
    .option('--stack-file <file>', `the local stack's file itself (default: <data-dir>/${STACK_FILE_NAME})`);
}
