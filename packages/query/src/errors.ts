/** The query tool's failures, each one line for the person at the terminal, with its exit status. */

/** Bad command-line use: exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The lake or the SQL could not answer: exit status 1. */
export class QueryError extends Error {
  override name = 'QueryError';
}

/** DuckDB's message on one line: its source excerpt (`LINE 1: ...` and the caret) dropped. */
export function oneLine(message: string): string {
  const lines = message.split('\n');
  const end = lines.findIndex((line) => /^LINE \d+:/.test(line));
  return (end === -1 ? lines : lines.slice(0, end))
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
