/**
 * The saved analytics queries: `queries/<name>.sql`, one question per file, opening with a
 * `-- ` comment whose first line says what it answers. The one source for both engines: the
 * catalog fragment deploys them as Athena named queries, `npm run query -- --file` runs them
 * locally.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SavedQuery {
  /** The file name without `.sql` (lower-case words joined by hyphens). */
  name: string;
  file: string;
  /** The first line of the opening comment: what the query answers. */
  description: string;
  sql: string;
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The first `-- ` line of the file's opening comment; a saved query without one is refused. */
export function queryDescription(sql: string, file: string): string {
  const first = sql.trimStart().split('\n', 1)[0] ?? '';
  const match = /^--\s*(\S.*)$/.exec(first);
  if (!match) throw new Error(`${file} must open with a "-- " comment saying what the query answers`);
  return match[1]!.trim();
}

function readSavedQuery(file: string): SavedQuery {
  const base = file.split('/').pop() ?? file;
  const name = base.replace(/\.sql$/, '');
  if (!NAME.test(name)) throw new Error(`${file}: name saved queries with lower-case words and hyphens`);
  const sql = readFileSync(file, 'utf8');
  return { name, file, description: queryDescription(sql, file), sql };
}

/** Every `*.sql` of the directory, by name. */
export function loadSavedQueries(dir: string): SavedQuery[] {
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.sql'))
    .sort()
    .map((entry) => readSavedQuery(join(dir, entry)));
}
