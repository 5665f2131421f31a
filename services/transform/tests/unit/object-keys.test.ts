import { describe, expect, it } from '@jest/globals';
import { isRawDataKey, partitionOfRawKey, processedKey, quarantineKey } from '../../src/object-keys.js';

const RAW = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_shardId-1_5-9.json';

describe('key mapping', () => {
  it('keeps the partition path and file name under processed/', () => {
    expect(processedKey(RAW)).toBe(
      'processed/event_type=metric/year=2024/month=01/day=15/hour=10/data_shardId-1_5-9.json',
    );
  });

  it('puts quarantine objects under quarantine/reason=<code>/ with the same path', () => {
    expect(quarantineKey(RAW, 'not_json')).toBe(
      'quarantine/reason=not_json/event_type=metric/year=2024/month=01/day=15/hour=10/data_shardId-1_5-9.json',
    );
  });

  it.each([
    [RAW, true],
    ['raw/a b/c.json', true],
    ['raw/.json', false],
    ['raw/data.jsonl', false],
    ['quarantine/reason=not_json/year=2024/data.json', false],
    ['processed/event_type=metric/data.json', false],
    ['rawdata/x.json', false],
  ])('%s is a raw data key: %p', (key, expected) => {
    expect(isRawDataKey(key)).toBe(expected);
  });

  it('refuses to map a key outside raw/', () => {
    expect(() => processedKey('processed/x.json')).toThrow(
      'not a raw data key (raw/**.json): processed/x.json',
    );
  });

  it.each([
    [RAW, 'event_type=metric/year=2024/month=01/day=15/hour=10'],
    ['raw/event_type=metric/year=2024/month=01/day=15/data.json', undefined],
    ['raw/event_type=metric/year=2024/month=01/day=15/hour=10/deeper/data.json', undefined],
    ['raw/data.json', undefined],
  ])('%s belongs to partition %p', (key, partition) => {
    expect(partitionOfRawKey(key)).toBe(partition);
  });
});
