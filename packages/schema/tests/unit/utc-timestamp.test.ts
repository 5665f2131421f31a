import { describe, expect, it } from '@jest/globals';
import { isUtcTimestamp, UTC_DATE_LENGTH, UTC_HOUR_LENGTH } from '../../src/index.js';

describe('isUtcTimestamp', () => {
  it('recognises the UTC shape, whose date and hour are its leading characters', () => {
    const timestamp = '2024-01-15T10:30:00.123Z';
    expect(isUtcTimestamp(timestamp)).toBe(true);
    expect(isUtcTimestamp('2024-01-15T10:30:00Z')).toBe(true);
    expect(timestamp.slice(0, UTC_DATE_LENGTH)).toBe('2024-01-15');
    expect(timestamp.slice(0, UTC_HOUR_LENGTH)).toBe('2024-01-15T10');
  });

  it('leaves every other form to the long way', () => {
    for (const other of [
      '2024-01-15T10:30:00+00:00',
      '2024-01-15T10:30:00-05:00',
      '2024-01-15t10:30:00Z',
      '2024-01-15T10:30:00z',
    ])
      expect(isUtcTimestamp(other)).toBe(false);
  });
});
