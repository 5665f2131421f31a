import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadSavedQueries, queryDescription } from '../../src/saved-queries.js';

describe('saved queries', () => {
  it('take their description from the first line of the opening comment', () => {
    expect(queryDescription('-- Events per hour.\n-- more detail\nSELECT 1', 'x.sql')).toBe(
      'Events per hour.',
    );
  });

  it('refuse a file that does not say what it answers', () => {
    expect(() => queryDescription('SELECT 1 -- late comment', 'x.sql')).toThrow(/x\.sql must open with/);
  });

  it('are the .sql files of the directory, by name, and refuse names that are not lower-case words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'queries-'));
    writeFileSync(join(dir, 'b-second.sql'), '-- B\nSELECT 2');
    writeFileSync(join(dir, 'a-first.sql'), '-- A\nSELECT 1');
    writeFileSync(join(dir, 'README.md'), '# not a query');
    expect(loadSavedQueries(dir).map((q) => [q.name, q.description])).toEqual([
      ['a-first', 'A'],
      ['b-second', 'B'],
    ]);
    writeFileSync(join(dir, 'Bad_Name.sql'), '-- C\nSELECT 3');
    expect(() => loadSavedQueries(dir)).toThrow(/lower-case words and hyphens/);
  });

  it('in queries/ all say what they answer', () => {
    const queries = loadSavedQueries(new URL('../../../../queries', import.meta.url).pathname);
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const q of queries) expect(q.description.length).toBeGreaterThan(20);
  });
});
