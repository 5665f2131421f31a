import { describe, expect, it } from '@jest/globals';
import { functionHeapFitsMemory, v8HeapSizes } from '../../src/rules/function-heap.js';
import { template, tracedFunction } from '../helpers/factories.js';

const withNodeOptions = (nodeOptions: string | undefined, memorySize?: number) =>
  template(
    tracedFunction('Processor', 'app-dev-processor', {
      ...(memorySize === undefined ? {} : { MemorySize: memorySize }),
      Environment: {
        Variables: { OTHER: 'x', ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) },
      },
    }),
  );
const messages = (t: ReturnType<typeof template>) =>
  functionHeapFitsMemory('ingest', t).map((f) => f.message);

describe('v8HeapSizes', () => {
  it('reads both sizes, with dashes or underscores, after = or a space', () => {
    expect(v8HeapSizes('--max-semi-space-size=32 --max-old-space-size=384')).toEqual({
      semiSpaceMb: 32,
      oldSpaceMb: 384,
    });
    expect(v8HeapSizes('--enable-source-maps --max_old_space_size 512')).toEqual({ oldSpaceMb: 512 });
    expect(v8HeapSizes('--max-http-header-size=81920')).toEqual({});
  });
});

describe('functionHeapFitsMemory', () => {
  it("leaves alone a function that sizes no heap (Lambda's bootstrap sizes it from its memory)", () => {
    expect(messages(withNodeOptions(undefined, 512))).toEqual([]);
    expect(messages(withNodeOptions('--enable-source-maps', 512))).toEqual([]);
  });

  it('accepts both sizes when the young generation (3 semi-spaces) and the old one fit the memory', () => {
    expect(messages(withNodeOptions('--max-semi-space-size=32 --max-old-space-size=416', 512))).toEqual([]);
  });

  it('flags a heap named in half: the other size would be V8 default, blind to the memory', () => {
    expect(messages(withNodeOptions('--max-old-space-size=512', 1769))).toEqual([
      "NODE_OPTIONS sets --max-old-space-size but not --max-semi-space-size: Lambda then sizes neither, and V8's default for the other ignores the function's memory",
    ]);
    expect(messages(withNodeOptions('--max-semi-space-size=32', 512))).toEqual([
      "NODE_OPTIONS sets --max-semi-space-size but not --max-old-space-size: Lambda then sizes neither, and V8's default for the other ignores the function's memory",
    ]);
  });

  it("flags a heap larger than the function's memory, Lambda's 128 MB when none is stated", () => {
    expect(messages(withNodeOptions('--max-semi-space-size=32 --max-old-space-size=417', 512))).toEqual([
      "V8's heap (young 3 x 32 MB + old 417 MB = 513 MB) is larger than the function's 512 MB",
    ]);
    expect(messages(withNodeOptions('--max-semi-space-size=16 --max-old-space-size=96'))).toEqual([
      "V8's heap (young 3 x 16 MB + old 96 MB = 144 MB) is larger than the function's 128 MB",
    ]);
  });
});
