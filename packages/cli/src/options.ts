/** Options more than one script offers: a file of the repository, the handlers' log level. */
import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '@event-pipeline/runtime';
import { Option } from 'commander';

/** `--log-level`: the Powertools log level of the handlers a script runs. */
export function logLevelOption(description: string, defaultLevel: LogLevel): Option {
  return new Option('--log-level <level>', description).choices(LOG_LEVELS).default(defaultLevel);
}

/** An option naming a file or folder, by default `path` under the repository root (shown as `path`). */
export function repositoryFileOption(
  flags: string,
  description: string,
  rootDir: string,
  path: string,
): Option {
  return new Option(flags, description).default(resolve(rootDir, path), path);
}
