/**
 * The one way the repository's tools end: with the status their `main` resolves to or, when it
 * throws (a bad flag included: see toolCommand), with one line on stderr naming the tool and the
 * problem, and status 2. No stack trace: the message is what the operator acts on.
 */
import { Command, CommanderError } from 'commander';

/** Errors that are bugs rather than a situation to report: their type helps whoever reads the line. */
const BUG_TYPES = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);

/** The error as one line: its message (and type, for a bug), whitespace and line breaks folded. */
export function errorLine(error: unknown): string {
  if (error instanceof CommanderError)
    return error.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  const text =
    error instanceof Error
      ? `${BUG_TYPES.has(error.name) ? `${error.name}: ` : ''}${error.message || error.name}`
      : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A command whose parse errors reach runMain instead of ending the process: commander neither
 * prints them nor exits; `--help` still prints the help (runMain then exits with 0).
 */
export function toolCommand(name: string): Command {
  return new Command()
    .name(name)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
}

/** Runs `main` and exits with its status; see the module comment for what a throw does. */
export function runMain(tool: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // --help and --version end the parse with an "error" of status 0.
      if (error instanceof CommanderError && error.exitCode === 0) process.exit(0);
      console.error(`${tool}: ${errorLine(error)}`);
      process.exit(2);
    },
  );
}
