/** The row stores: what is appended is read back exactly, in any order, and the file store cleans up. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { FileRowStore, MemoryRowStore, type RowStore } from '../../../src/core/row-store.js';

const parent = mkdtempSync(join(tmpdir(), 'row-store-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Rows of every size class: tiny, multi-byte UTF-8, and larger than the store's 1 MiB buffers. */
function rows(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3000; i++)
    out.push(JSON.stringify([i, `row ${i}`, 'é€😀'.repeat(i % 7), 'x'.repeat(i % 500)]));
  out.splice(1500, 0, JSON.stringify(['big', 'y'.repeat(1_500_000)]));
  return out;
}

describe.each([
  ['FileRowStore', () => new FileRowStore(parent)],
  ['MemoryRowStore', () => new MemoryRowStore()],
])('%s', (_name, create: () => RowStore) => {
  it('reads back every row exactly, in file order and in any other order', () => {
    const store = create();
    const texts = rows();
    const at = texts.map((text) => store.append(text));
    store.seal();
    texts.forEach((text, i) => {
      expect(store.read(at[i]!.offset, at[i]!.length)).toBe(text);
    });
    // Backwards, then strided: every read outside the last window still finds its row.
    for (let i = texts.length - 1; i >= 0; i -= 1)
      expect(store.read(at[i]!.offset, at[i]!.length)).toBe(texts[i]);
    for (let i = 0; i < texts.length; i += 97)
      expect(store.read(at[i]!.offset, at[i]!.length)).toBe(texts[i]);
    store.dispose();
  });
});

describe('FileRowStore', () => {
  it('counts the UTF-8 bytes it stores, and removes its directory when disposed', () => {
    const store = new FileRowStore(parent);
    store.append('é');
    store.append('abc');
    expect(store.bytes).toBe(5);
    expect(readdirSync(parent).length).toBe(1);
    const dir = join(parent, readdirSync(parent)[0]!);
    store.dispose();
    expect(existsSync(dir)).toBe(false);
  });
});
