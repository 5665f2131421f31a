import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LineSplitter } from '../../src/line-splitter.js';

function split(chunks: readonly string[]): string[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

/** What node:readline makes of the same chunks: the behaviour the splitter replaces. */
async function readlineLines(chunks: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const input = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) lines.push(line);
  return lines;
}

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, and keeps a last line without a break', () => {
    expect(split(['a\nb\r\nc\rd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
    expect(split([''])).toEqual([]);
  });

  it('treats a \\r\\n split across two chunks as one break', () => {
    expect(split(['a\r', '\nb'])).toEqual(['a', 'b']);
    expect(split(['a\r', '', '\nb'])).toEqual(['a', 'b']);
    expect(split(['a\r'])).toEqual(['a']);
    expect(split(['a\r', 'b'])).toEqual(['a', 'b']);
  });

  // Chunks are never empty here: readline forgets a pending `\r` on an empty chunk and counts
  // `\r`, ``, `\n` as two breaks, a quirk a body stream never triggers (and one break is right).
  it('splits any text in any chunks exactly as node:readline does', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '{', '\n', '\r', ' '), minLength: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 8 }), async (chunks) => {
        expect(split(chunks)).toEqual(await readlineLines(chunks));
      }),
      { numRuns: 300 },
    );
  });
});
