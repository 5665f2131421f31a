import { describe, expect, it } from '@jest/globals';
import type { QueryResult } from '../../src/local/engine.js';
import { formatResult } from '../../src/output-format.js';

const result: QueryResult = {
  columns: [
    { name: 'event_type', type: 'VARCHAR' },
    { name: 'events', type: 'BIGINT' },
    { name: 'note', type: 'VARCHAR' },
  ],
  rows: [
    { event_type: 'metric', events: 12, note: 'a, "quoted"\nline' },
    { event_type: 'transaction', events: 7, note: null },
  ],
};

describe('formatResult', () => {
  it('table: aligned columns, numbers to the right, NULL shown, the row count last', () => {
    expect(
      formatResult(
        { ...result, rows: result.rows.map((r) => ({ ...r, note: r.note === null ? null : 'x' })) },
        'table',
      ),
    ).toBe(
      [
        'event_type   events  note',
        '-----------  ------  ----',
        'metric           12  x',
        'transaction       7  NULL',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('csv: RFC 4180 quoting, null as an empty field', () => {
    expect(formatResult(result, 'csv')).toBe(
      'event_type,events,note\nmetric,12,"a, ""quoted""\nline"\ntransaction,7,\n',
    );
  });

  it('json: an array of row objects that parses back to the rows', () => {
    const text = formatResult(result, 'json');
    expect(JSON.parse(text)).toEqual(result.rows);
    expect(formatResult({ ...result, rows: [] }, 'json')).toBe('[]\n');
  });
});
