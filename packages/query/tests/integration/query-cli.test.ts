/**
 * The command as a person meets it: its help and list, the output formats, and one clear line
 * with the right exit status for an empty lake, a table with no data yet, a SQL error and a wrong
 * use of the command.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { runQueryCli } from '../../src/cli/query-cli.js';
import { S3RVER_OBJECT_SUFFIX } from '../../src/local/lake.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const RAW = 'event-pipeline-dev-raw-000000000000-us-east-1';
const PROCESSED = 'event-pipeline-dev-processed-000000000000-us-east-1';

let lakeDir: string;
let emptyDir: string;

function put(dir: string, bucket: string, key: string, lines: object[]): void {
  const file = join(dir, 's3', bucket, `${key}${S3RVER_OBJECT_SUFFIX}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

const line = (id: string, amount: number) => ({
  record_id: id,
  event_type: 'transaction',
  original_timestamp: '2024-01-15T10:30:00Z',
  original_data: { transaction_id: `t-${id}`, user_id: 'u', amount, currency: 'EUR' },
  enriched_data: { amount, is_high_value: amount > 1000, note: 'a,b' },
});

beforeAll(() => {
  lakeDir = mkdtempSync(join(tmpdir(), 'query-cli-'));
  put(lakeDir, PROCESSED, 'processed/event_type=transaction/year=2024/month=01/day=15/hour=10/data_a.json', [
    line('r1', 12.5),
    line('r2', 2000),
  ]);
  mkdirSync(join(lakeDir, 's3', RAW), { recursive: true });
  emptyDir = mkdtempSync(join(tmpdir(), 'query-empty-'));
  mkdirSync(join(emptyDir, 's3', RAW), { recursive: true });
  mkdirSync(join(emptyDir, 's3', PROCESSED, 'processed'), { recursive: true });
});
afterAll(() => {
  rmSync(lakeDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runQueryCli(argv, {
    rootDir: ROOT,
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
    },
  });
  return { code, out, err };
}

describe('npm run query', () => {
  it('answers SQL over the views, in each format', async () => {
    const sql =
      'SELECT record_id, enriched_data.amount AS amount, year, month FROM processed_events ORDER BY record_id';
    expect(await cli(sql, '--data-dir', lakeDir, '--format', 'csv')).toEqual({
      code: 0,
      out: 'record_id,amount,year,month\nr1,12.5,2024,1\nr2,2000,2024,1\n',
      err: '',
    });
    const json = await cli(sql, '--data-dir', lakeDir, '--format', 'json');
    expect(JSON.parse(json.out)).toEqual([
      { record_id: 'r1', amount: 12.5, year: 2024, month: 1 },
      { record_id: 'r2', amount: 2000, year: 2024, month: 1 },
    ]);
    const table = await cli(sql, '--data-dir', lakeDir);
    expect(table.out.split('\n')[0]).toBe('record_id  amount  year  month');
    expect(table.out).toContain('(2 rows)');
  });

  it('lists the saved queries with what each answers', async () => {
    const { code, out } = await cli('--list');
    expect(code).toBe(0);
    expect(out).toMatch(/^events-per-type-hour +Events per type and hour/m);
    expect(out).toContain('npm run query -- --file queries/<name>.sql');
  });

  it('prints its help with exit status 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('--format <format>');
    expect(out).toContain('curated_<event_type>');
  });

  it('says to run npm start first when the lake is empty or missing (exit 1)', async () => {
    const empty = await cli('SELECT 1', '--data-dir', emptyDir);
    expect(empty).toEqual({
      code: 1,
      out: '',
      err: expect.stringMatching(/^error: the local lake is empty .*run `npm start` first\n$/),
    });
    const missing = await cli('SELECT 1', '--data-dir', join(emptyDir, 'nowhere'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: no local lake under .*run `npm start` first\n$/);
  });

  it('points out a table with no data yet and still answers (0 rows)', async () => {
    const { code, out, err } = await cli(
      'SELECT count(*) AS n FROM curated_metric',
      '--data-dir',
      lakeDir,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([{ n: 0 }]);
    expect(err).toBe(
      'note: curated_metric has no data yet (no object under curated/event_type=metric/ in the local processed bucket)\n',
    );
  });

  it("gives DuckDB's message on one line, without a stack trace (exit 1)", async () => {
    const { code, out, err } = await cli('SELECT nope FROM processed_events', '--data-dir', lakeDir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^error: Binder Error: .*nope.*\n$/);
    expect(err.split('\n')).toHaveLength(2);
  });

  it.each([
    [[], /give a SQL statement, --file/],
    [['--bogus'], /unknown option '--bogus'/],
    [['SELECT 1', '--file', 'queries/metric-anomalies.sql'], /either a SQL statement or --file/],
    [['--file', 'queries/none.sql'], /cannot read queries\/none\.sql: ENOENT/],
    [['SELECT 1', '--format', 'xml'], /argument 'xml' is invalid/],
    [['--list', 'SELECT 1'], /--list takes no SQL/],
  ])('refuses %j as a usage error (exit 2)', async (argv, message) => {
    const { code, err } = await cli(...(argv as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('sets the exit status of the process (npm run query, a child process)', async () => {
    const usage = await runScript('query.ts', ['--format', 'xml', 'SELECT 1']);
    expect(usage.code).toBe(2);
    const failed = await runScript('query.ts', ['SELEC 1', '--data-dir', lakeDir]);
    expect(failed).toMatchObject({
      code: 1,
      output: 'error: Parser Error: syntax error at or near "SELEC"\n',
    });
  }, 30_000);
});
