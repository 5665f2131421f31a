import { describe, expect, it } from '@jest/globals';
import { chunkEntries, MAX_BYTES_PER_CALL, MAX_RECORDS_PER_CALL } from '../../../src/producer/put-records.js';
import { loadProducerSettings } from '../../../src/producer/settings.js';

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

describe('loadProducerSettings', () => {
  it('lets flags override the file, and draws a seed when none is given', () => {
    const file = new URL('../../fixtures/producer.yml', import.meta.url).pathname;
    const settings = loadProducerSettings(file, { rate: 50, duration: undefined });
    expect(settings).toMatchObject({ rate: 50, duration: 7, batchSize: 3, invalidFraction: 0.25 });
    expect(Number.isInteger(settings.seed)).toBe(true);
  });

  it('names every bad setting at once', () => {
    expect(() => loadProducerSettings(undefined, { rate: 0, batchSize: 501, invalidFraction: 2 })).toThrow(
      'invalid producer settings: rate must be a number > 0, got 0; batch_size must be an integer within 1..500, got 501; invalid_fraction must be within 0..1, got 2',
    );
  });
});
