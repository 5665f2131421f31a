/**
 * Every saved query through `npm run query` (a child process, as an operator runs it) on a
 * deterministic lake, each answer checked against the same figure computed here, in TypeScript,
 * from the lake's own lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { loadSavedQueries } from '../../src/saved-queries.js';
import {
  buildTestLake,
  distinctRecords,
  type LakeObject,
  type ProcessedLine,
  type TestLake,
} from '../helpers/local-lake.js';

let lake: TestLake;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'query-lake-'));
  lake = await buildTestLake(dataDir);
}, 180_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Row = Record<string, unknown>;

async function query(name: string): Promise<Row[]> {
  const run = await runScript('query.ts', [
    '--file',
    `queries/${name}.sql`,
    '--format',
    'json',
    '--data-dir',
    dataDir,
  ]);
  if (run.code !== 0) throw new Error(`query ${name} exited ${run.code}: ${run.output}`);
  return JSON.parse(run.output.slice(run.output.indexOf('['))) as Row[];
}

// The saved queries look at this year and last (year >= year(current_date) - 1).
const firstYear = new Date().getUTCFullYear() - 1;
const inWindow = (o: LakeObject) => Number(o.partition.year) >= firstYear;
const n = (text: string | undefined) => Number(text);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Groups with a key function, counting or collecting. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const processedObjects = () => lake.objects('processed', 'processed/').filter(inWindow);
/** Each record once, with its partition: what the curated tables hold. */
function curatedRecords(): Array<{ line: ProcessedLine; partition: Record<string, string> }> {
  return [...groupBy(processedObjects(), (o) => JSON.stringify(o.partition)).values()].flatMap((objects) =>
    distinctRecords(objects.flatMap((o) => o.lines as unknown as ProcessedLine[])).map((line) => ({
      line,
      partition: objects[0]!.partition,
    })),
  );
}
const ofType = (type: string) =>
  curatedRecords()
    .filter((r) => r.line.event_type === type)
    .map((r) => r.line);

const TESTED = [
  'events-per-type-hour',
  'high-value-transactions-per-day',
  'metric-anomalies',
  'session-duration-by-category',
  'quarantine-by-reason-day',
  'latency-percentiles-per-hour',
  'duplicate-redeliveries-per-day',
];

describe('the saved queries answer, through npm run query, what the lake holds', () => {
  it('covers every file of queries/', () => {
    const saved = loadSavedQueries(new URL('../../../../queries', import.meta.url).pathname).map(
      (q) => q.name,
    );
    expect(saved.sort()).toEqual([...TESTED].sort());
  });

  it('the dataset exercises what the queries look at: duplicates, late events, both quarantines', () => {
    const lines = processedObjects().flatMap((o) => o.lines as unknown as ProcessedLine[]);
    expect(lines.length).toBeGreaterThan(new Set(lines.map((l) => l.record_id)).size);
    expect(lake.objects('processed', 'processed/').some((o) => !inWindow(o))).toBe(true);
    expect(
      new Set(processedObjects().map((o) => `${o.partition.month}/${o.partition.day}`)).size,
    ).toBeGreaterThan(1);
    expect(lake.objects('raw', 'quarantine/').length).toBeGreaterThan(0);
    expect(lake.objects('processed', 'quarantine/').length).toBeGreaterThan(0);
    expect(lake.objects('raw', 'raw/').length).toBeGreaterThan(0);
  });

  it('events-per-type-hour: distinct records per type and hour', async () => {
    const expected = [...groupBy(processedObjects(), (o) => JSON.stringify(o.partition)).values()].map(
      (objects) => {
        const { event_type, year, month, day, hour } = objects[0]!.partition;
        const ids = new Set(objects.flatMap((o) => o.lines.map((l) => l.record_id)));
        return { event_type, year: n(year), month: n(month), day: n(day), hour: n(hour), events: ids.size };
      },
    );
    const key = (r: Row) =>
      [r.year, r.month, r.day, r.hour, r.event_type].map((v) => String(v).padStart(4, '0')).join('/');
    expect(await query('events-per-type-hour')).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('high-value-transactions-per-day: count, total and largest amount per date and currency', async () => {
    const high = ofType('transaction').filter((l) => l.enriched_data.is_high_value === true);
    expect(high.length).toBeGreaterThan(0);
    const expected = [
      ...groupBy(high, (l) => `${l.enriched_data.transaction_date}|${l.original_data.currency}`),
    ]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, group]) => {
        const amounts = group.map((l) => Number(l.original_data.amount));
        return {
          transaction_date: group[0]!.enriched_data.transaction_date,
          currency: group[0]!.original_data.currency,
          transactions: group.length,
          total_amount: round(
            amounts.reduce((s, a) => s + a, 0),
            2,
          ),
          largest_amount: Math.max(...amounts),
        };
      });
    const rows = await query('high-value-transactions-per-day');
    expect(rows.map(({ total_amount, ...rest }) => rest)).toEqual(
      expected.map(({ total_amount, ...rest }) => rest),
    );
    for (const [i, row] of rows.entries())
      expect(row.total_amount as number).toBeCloseTo(expected[i]!.total_amount, 2);
  });

  it('metric-anomalies: anomalies out of readings per day and metric, with their extremes', async () => {
    const expected = [
      ...groupBy(ofType('metric'), (l) => `${l.enriched_data.metric_date}|${l.original_data.metric_name}`),
    ]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, group]) => {
        const anomalies = group
          .filter((l) => l.enriched_data.is_anomaly === true)
          .map((l) => Number(l.original_data.value));
        return {
          metric_date: group[0]!.enriched_data.metric_date,
          metric_name: group[0]!.original_data.metric_name,
          anomalies: anomalies.length,
          readings: group.length,
          lowest_anomaly: anomalies.length ? Math.min(...anomalies) : null,
          highest_anomaly: anomalies.length ? Math.max(...anomalies) : null,
        };
      })
      .filter((r) => r.anomalies > 0);
    expect(expected.length).toBeGreaterThan(0);
    expect(await query('metric-anomalies')).toEqual(expected);
  });

  it('session-duration-by-category: sessions, share and duration range per category', async () => {
    const sessions = ofType('user_action');
    const expected = [...groupBy(sessions, (l) => String(l.enriched_data.session_duration_category))]
      .map(([category, group]) => {
        const seconds = group.map((l) => Number(l.original_data.session_duration));
        return {
          session_duration_category: category,
          sessions: group.length,
          percent: round((100 * group.length) / sessions.length, 2),
          min_seconds: Math.min(...seconds),
          avg_seconds: round(seconds.reduce((s, x) => s + x, 0) / seconds.length, 1),
          max_seconds: Math.max(...seconds),
        };
      })
      .sort((a, b) => a.min_seconds - b.min_seconds);
    const rows = await query('session-duration-by-category');
    expect(rows.map(({ avg_seconds, ...r }) => r)).toEqual(expected.map(({ avg_seconds, ...r }) => r));
    for (const [i, row] of rows.entries())
      expect(row.avg_seconds as number).toBeCloseTo(expected[i]!.avg_seconds, 1);
  });

  it('quarantine-by-reason-day: records per bucket, reason and day', async () => {
    const count = (bucket: 'raw' | 'processed') =>
      [
        ...groupBy(lake.objects(bucket, 'quarantine/').filter(inWindow), (o) =>
          [o.partition.year, o.partition.month, o.partition.day, o.partition.reason].join('|'),
        ),
      ].map(([, objects]) => {
        const { reason, year, month, day } = objects[0]!.partition;
        return {
          bucket,
          reason,
          year: n(year),
          month: n(month),
          day: n(day),
          records: objects.reduce((s, o) => s + o.lines.length, 0),
        };
      });
    const key = (r: Row) =>
      `${[r.year, r.month, r.day].map((v) => String(v).padStart(4, '0')).join('/')}|${r.bucket}|${r.reason}`;
    const expected = [...count('raw'), ...count('processed')].sort((a, b) => key(a).localeCompare(key(b)));
    expect(await query('quarantine-by-reason-day')).toEqual(expected);
  });

  it('latency-percentiles-per-hour: nearest-rank p50/p95/p99 of event time to processed time', async () => {
    const hourOf = (iso: string) => `${new Date(iso).toISOString().slice(0, 13).replace('T', ' ')}:00:00`;
    const nearestRank = (sorted: number[], p: number) =>
      sorted.find((_, i) => 100 * (i + 1) >= p * sorted.length)!;
    const expected = [
      ...groupBy(
        curatedRecords().map((r) => r.line),
        (l) => hourOf(l.original_timestamp),
      ),
    ]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([hour, group]) => {
        const ms = group
          .map((l) => Date.parse(l.processed_timestamp) - Date.parse(l.original_timestamp))
          .sort((a, b) => a - b);
        return {
          hour_start: hour,
          records: ms.length,
          p50_ms: nearestRank(ms, 50),
          p95_ms: nearestRank(ms, 95),
          p99_ms: nearestRank(ms, 99),
        };
      });
    expect(expected.length).toBeGreaterThan(1);
    expect(await query('latency-percentiles-per-hour')).toEqual(expected);
  });

  it('duplicate-redeliveries-per-day: processed lines against curated rows per type and day', async () => {
    const expected = [
      ...groupBy(processedObjects(), (o) =>
        [o.partition.year, o.partition.month, o.partition.day, o.partition.event_type].join('|'),
      ),
    ].map(([, objects]) => {
      const { event_type, year, month, day } = objects[0]!.partition;
      const lines = objects.reduce((s, o) => s + o.lines.length, 0);
      const curated = curatedRecords().filter(
        (r) =>
          r.line.event_type === event_type &&
          r.partition.year === year &&
          r.partition.month === month &&
          r.partition.day === day,
      ).length;
      const distinct = [...groupBy(objects, (o) => o.partition.hour!).values()].reduce(
        (s, hour) => s + new Set(hour.flatMap((o) => o.lines.map((l) => l.record_id))).size,
        0,
      );
      return {
        event_type,
        year: n(year),
        month: n(month),
        day: n(day),
        processed_lines: lines,
        distinct_records: distinct,
        curated_rows: curated,
        duplicates: lines - curated,
      };
    });
    const key = (r: Row) =>
      `${[r.year, r.month, r.day].map((v) => String(v).padStart(4, '0')).join('/')}|${r.event_type}`;
    const rows = await query('duplicate-redeliveries-per-day');
    expect(rows).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    expect(rows.reduce((s, r) => s + (r.duplicates as number), 0)).toBe(3);
  });
});
