/** A query result as text: an aligned table for people, CSV or JSON for other programs. */
import type { JsonValue, QueryResult } from './local/engine.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const text = (value: JsonValue): string =>
  value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

function table({ columns, rows }: QueryResult): string {
  const cells = rows.map((row) =>
    columns.map(({ name }) => (row[name] === null ? 'NULL' : text(row[name] ?? null))),
  );
  const widths = columns.map(({ name }, i) => Math.max(name.length, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map(
    ({ name }) => rows.length > 0 && rows.every((r) => typeof r[name] === 'number' || r[name] === null),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [
    line(columns.map((c) => c.name)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    count,
  ].join('\n');
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv({ columns, rows }: QueryResult): string {
  return [
    columns.map((c) => csvField(c.name)).join(','),
    ...rows.map((row) => columns.map(({ name }) => csvField(text(row[name] ?? null))).join(',')),
  ].join('\n');
}

/** An array of row objects, one row per line. */
function json({ rows }: QueryResult): string {
  return rows.length === 0 ? '[]' : `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]`;
}

export function formatResult(result: QueryResult, format: OutputFormat): string {
  const render = { table, csv, json }[format];
  return `${render(result)}\n`;
}
