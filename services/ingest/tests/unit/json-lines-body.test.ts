import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { JsonLinesBody } from '../../src/json-lines-body.js';

describe('JsonLinesBody', () => {
  it('holds every line in order, newline-terminated, however many chunks they take', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 40_000 }).map((text) => text.replace(/\n/g, ' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean()), { maxLength: 12 }), (lines) => {
        const body = new JsonLinesBody();
        for (const [text, spliced] of lines) {
          // A spliced line: the source's bytes up to a cut, then a tail (what follows the cut is dropped).
          if (spliced) body.appendSpliced(Buffer.from(`${text}}DROPPED`), Buffer.byteLength(text), '}');
          else body.appendLine(text);
        }
        const expected = lines.map(([text, spliced]) => `${text}${spliced ? '}' : ''}\n`).join('');
        expect(body.bytes().toString('utf8')).toBe(expected);
        expect(body.lines).toBe(lines.length);
      }),
      { numRuns: 200 },
    );
  });

  it('takes a line longer than a chunk', () => {
    const body = new JsonLinesBody();
    body.appendLine('a');
    body.appendLine('b'.repeat(200_000));
    body.appendLine('c');
    expect(body.bytes().toString()).toBe(`a\n${'b'.repeat(200_000)}\nc\n`);
  });
});
