/**
 * Each Glue table's `storage.location.template` is the key layout the writers actually use: a key
 * written by ingest, the transformer or the compactor lies in the partition folder the template
 * expands to for that key's own partition values, and those values are ones the projection yields.
 */

import { objectKey, quarantineFolder, rangeName, rawFolder } from '@event-pipeline/ingest';
import { curatedKey, ERROR_CODES, type ErrorCode, EVENT_TYPES, partitionPath } from '@event-pipeline/schema';
import { processedKey, quarantineKey } from '@event-pipeline/transform';
import { describe, expect, it } from '@jest/globals';
import {
  isProjected,
  LAKE_TABLES,
  type LakeTable,
  locationTemplate,
  PROCESSED_QUARANTINE_REASONS,
  partitionFolder,
} from '../../src/catalog/tables.js';

const table = (name: string): LakeTable => {
  const found = LAKE_TABLES.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};

/** The partition values a key holds where the template puts them; throws if the key does not fit. */
function partitionValues(t: LakeTable, key: string): Record<string, string> {
  const pattern = locationTemplate(t)
    .split(/\$\{([a-z_]+)\}/)
    .map((part, i) => (i % 2 === 1 ? `(?<${part}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  const match = new RegExp(`^${pattern}[^/]+$`).exec(key);
  if (!match?.groups) throw new Error(`${key} does not fit ${t.name}'s template ${locationTemplate(t)}`);
  return match.groups;
}

function expectInItsPartition(t: LakeTable, key: string): void {
  const values = partitionValues(t, key);
  for (const k of t.partitionKeys)
    expect({ key: k.name, projected: isProjected(k, values[k.name]!) }).toEqual({
      key: k.name,
      projected: true,
    });
  expect(key.startsWith(partitionFolder(t, values))).toBe(true);
  expect(key.slice(partitionFolder(t, values).length)).not.toContain('/');
}

// The contract's range (1970 to 2099), offsets that change the UTC day, leap day, hour edges.
const TIMESTAMPS = [
  '1970-01-01T00:00:00Z',
  '2024-02-29T23:59:59.999+00:00',
  '2024-03-01T01:30:00+05:30',
  '2025-12-31T22:00:00-03:00',
  '2099-12-31T23:59:59Z',
];
const range = rangeName('shardId-000000000001', '4968', '4970');

describe('the Glue tables match the key layout of the lake', () => {
  it.each(TIMESTAMPS)(
    'raw_events and processed_events: ingest and transform keys of an event at %s',
    (timestamp) => {
      for (const eventType of EVENT_TYPES) {
        const rawKey = objectKey(rawFolder(partitionPath({ event_type: eventType, timestamp })), range);
        expectInItsPartition(table('raw_events'), rawKey);
        expectInItsPartition(table('processed_events'), processedKey(rawKey));
        expect(partitionValues(table('raw_events'), rawKey)).toEqual(
          partitionValues(table('processed_events'), processedKey(rawKey)),
        );
      }
    },
  );

  it.each(TIMESTAMPS)('quarantine: ingest keys of a record that reached the stream at %s', (timestamp) => {
    for (const code of ERROR_CODES) {
      expectInItsPartition(
        table('quarantine'),
        objectKey(quarantineFolder(code as ErrorCode, new Date(timestamp)), range),
      );
    }
  });

  it.each(TIMESTAMPS)("processed_quarantine: the transformer's keys of an event at %s", (timestamp) => {
    const rawKey = objectKey(rawFolder(partitionPath({ event_type: 'metric', timestamp })), range);
    for (const reason of [...ERROR_CODES, 'transform_failed'])
      expectInItsPartition(table('processed_quarantine'), quarantineKey(rawKey, reason));
  });

  it("processed_quarantine: the compactor's keys (quarantine/reason=<code>/<partition>/compaction.json)", () => {
    const partition = partitionPath({ event_type: 'transaction', timestamp: TIMESTAMPS[1]! });
    for (const reason of ['wrong_partition', 'conflicting_record_id']) {
      expect(PROCESSED_QUARANTINE_REASONS).toContain(reason);
      expectInItsPartition(
        table('processed_quarantine'),
        `quarantine/reason=${reason}/${partition}/compaction.json`,
      );
    }
  });

  it.each(TIMESTAMPS)(
    'curated_<event_type>: the curated key of each type at %s lies in its own table only',
    (timestamp) => {
      for (const eventType of EVENT_TYPES) {
        const key = curatedKey(partitionPath({ event_type: eventType, timestamp }));
        const curated = LAKE_TABLES.filter((t) => t.format === 'parquet');
        const fits = curated.filter((t) => {
          try {
            partitionValues(t, key);
            return true;
          } catch {
            return false;
          }
        });
        expect(fits.map((t) => t.name)).toEqual([`curated_${eventType}`]);
        expectInItsPartition(fits[0]!, key);
      }
    },
  );

  it('refuses a key outside the layout (the check can fail)', () => {
    expect(() =>
      partitionValues(table('raw_events'), 'raw/event_type=metric/2024/01/15/10/data_x.json'),
    ).toThrow(/does not fit/);
    const key = 'raw/event_type=metric/year=2024/month=1/day=15/hour=10/data_x.json';
    const values = partitionValues(table('raw_events'), key);
    expect(
      isProjected(table('raw_events').partitionKeys.find((k) => k.name === 'month')!, values.month!),
    ).toBe(false);
  });
});
