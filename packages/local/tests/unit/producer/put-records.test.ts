import { describe, expect, it } from '@jest/globals';
import { chunkEntries, MAX_BYTES_PER_CALL, MAX_RECORDS_PER_CALL } from '../../../src/producer/put-records.js';

const entry = (bytes: number) => ({ data: new Uint8Array(bytes), partitionKey: 'pk' });

describe('chunkEntries', () => {
  it('keeps every call within 500 records, in order', () => {
    const entries = Array.from({ length: 1201 }, () => entry(10));
    const chunks = chunkEntries(entries);
    expect(chunks.map((chunk) => chunk.length)).toEqual([MAX_RECORDS_PER_CALL, MAX_RECORDS_PER_CALL, 201]);
    expect(chunks.flat()).toEqual(entries);
  });

  it('keeps every call within 5 MiB, counting partition keys', () => {
    const entries = Array.from({ length: 12 }, () => entry(1024 * 1024 - 2));
    const chunks = chunkEntries(entries);
    expect(chunks.map((chunk) => chunk.length)).toEqual([5, 5, 2]);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, e) => sum + e.data.length + e.partitionKey.length, 0)).toBeLessThanOrEqual(
        MAX_BYTES_PER_CALL,
      );
  });
});
