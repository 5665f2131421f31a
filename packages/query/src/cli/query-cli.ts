/**
 * `npm run query`: the saved queries and any SQL over the local lake, with DuckDB. Errors are
 * one line on stderr: exit status 2 for a wrong use of the command, 1 when the lake or the SQL
 * cannot answer.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { QueryError, UsageError } from '../errors.js';
import { LocalQueryEngine, tablesNamedIn } from '../local/engine.js';
import { locateLocalLake } from '../local/lake.js';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../output-format.js';
import { loadSavedQueries } from '../saved-queries.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface QueryCliOptions {
  /** The repository root: `queries/` and the default `.local` data directory are under it. */
  rootDir: string;
  io?: CliIo;
}

interface Flags {
  file?: string;
  list?: boolean;
  format: OutputFormat;
  dataDir: string;
  stage?: string;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function program(rootDir: string, io: CliIo): Command {
  return new Command()
    .name('npm run query --')
    .description(
      'Query the local lake (under .local/, written by `npm start`) with DuckDB, through views with the ' +
        "Athena tables' names and columns: raw_events, processed_events, quarantine, processed_quarantine " +
        'and curated_<event_type>. Works whether the local stack is running or not.',
    )
    .argument('[sql]', 'one SQL statement')
    .option('-f, --file <path>', 'run the SQL of a file, e.g. queries/events-per-type-hour.sql')
    .option('-l, --list', 'list the saved queries (queries/*.sql) with what each answers')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addOption(
      new Option('--data-dir <dir>', 'the local data directory of `npm start`').default(
        join(rootDir, '.local'),
        '.local',
      ),
    )
    .option('--stage <stage>', 'whose lake, when the data directory holds more than one')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  npm run query -- --list\n' +
        '  npm run query -- --file queries/events-per-type-hour.sql\n' +
        '  npm run query -- "SELECT event_type, count(*) AS n FROM processed_events GROUP BY 1" --format csv\n' +
        '\nExit status: 0 answered, 1 the lake or the SQL could not answer, 2 wrong use of the command.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(text),
    });
}

function listQueries(rootDir: string): string {
  const queries = loadSavedQueries(join(rootDir, 'queries'));
  const width = Math.max(...queries.map((q) => q.name.length));
  const lines = queries.map((q) => `${q.name.padEnd(width)}  ${q.description}`);
  return `${lines.join('\n')}\n\nRun one: npm run query -- --file queries/<name>.sql\n`;
}

function statementOf(sql: string | undefined, flags: Flags): string {
  if (sql !== undefined && flags.file !== undefined)
    throw new UsageError('give either a SQL statement or --file, not both');
  if (flags.file !== undefined) {
    try {
      return readFileSync(resolve(flags.file), 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      );
    }
  }
  if (sql === undefined || sql.trim() === '')
    throw new UsageError('give a SQL statement, --file <queries/name.sql> or --list (see --help)');
  return sql;
}

async function answer(sql: string, flags: Flags, io: CliIo): Promise<void> {
  const lake = locateLocalLake({
    dataDir: resolve(flags.dataDir),
    ...(flags.stage ? { stage: flags.stage } : {}),
  });
  const engine = await LocalQueryEngine.open(lake);
  try {
    for (const table of tablesNamedIn(sql, engine.emptyTables)) {
      io.stderr(
        `note: ${table.name} has no data yet (no object under ${table.root} in the local ${table.bucket} bucket)\n`,
      );
    }
    io.stdout(formatResult(await engine.run(sql), flags.format));
  } finally {
    engine.close();
  }
}

/** Runs the command and returns its exit status; never throws for the user's mistakes. */
export async function runQueryCli(argv: readonly string[], options: QueryCliOptions): Promise<number> {
  const io = options.io ?? processIo;
  const command = program(options.rootDir, io);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const flags = command.opts<Flags>();
  const sql = command.args[0];
  try {
    if (flags.list) {
      if (sql !== undefined || flags.file !== undefined)
        throw new UsageError('--list takes no SQL and no --file');
      io.stdout(listQueries(options.rootDir));
      return 0;
    }
    await answer(statementOf(sql, flags), flags, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof QueryError) {
      io.stderr(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
