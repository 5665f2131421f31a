/** Item sizes by DynamoDB's rules (developer guide, "Item sizes and formats"). */
import { describe, expect, it } from '@jest/globals';
import { itemBytes } from '../../src/index.js';

describe('itemBytes', () => {
  it('counts each attribute name and string value by their UTF-8 bytes', () => {
    expect(itemBytes({ id: 'abc' })).toBe(2 + 3);
    expect(itemBytes({ name: 'é' })).toBe(4 + 2);
  });

  it('counts a number as one byte per two significant digits, plus one', () => {
    expect(itemBytes({ n: 7 })).toBe(1 + 2);
    expect(itemBytes({ n: 1234 })).toBe(1 + 3);
    expect(itemBytes({ n: 1_700_000_000 })).toBe(1 + 2); // 17 significant digits-worth: "17" then zeros
    expect(itemBytes({ n: 12.345 })).toBe(1 + 4);
  });

  it('counts booleans and nulls as one byte, and skips undefined attributes', () => {
    expect(itemBytes({ ok: true, nothing: null, gone: undefined })).toBe(2 + 1 + 7 + 1);
  });

  it('counts a list or map as 3 bytes, plus 1 per element, plus the elements', () => {
    expect(itemBytes({ keys: ['ab', 'c'] })).toBe(4 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ m: { a: 'xy' } })).toBe(1 + 3 + (1 + 1 + 2));
    expect(itemBytes({ empty: [] })).toBe(5 + 3);
  });
});
