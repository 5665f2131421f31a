import { EVENT_TYPES, type PipelineEvent, partitionPath } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rawFolder } from '../../src/object-keys.js';
import { RawFolders } from '../../src/raw-folders.js';

const event = (eventType: string, timestamp: string) =>
  ({ event_type: eventType, timestamp, data: {} }) as unknown as PipelineEvent;

/** An instant written the ways RFC 3339 allows: `Z`, lower case, or an offset from UTC. */
const timestamp = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', 'z', 'lower-t', '+05:30', '-08:00', '+00:00', 'no-fraction'),
  )
  .map(([date, form]) => {
    const iso = date.toISOString();
    switch (form) {
      case 'Z':
        return iso;
      case 'z':
        return iso.replace('Z', 'z');
      case 'lower-t':
        return iso.replace('T', 't');
      case 'no-fraction':
        return iso.replace(/\.\d{3}Z$/, 'Z');
      default: {
        const sign = form.startsWith('-') ? -1 : 1;
        const [hours, minutes] = form.slice(1).split(':').map(Number) as [number, number];
        const local = new Date(date.getTime() + sign * (hours * 60 + minutes) * 60_000);
        return local.toISOString().replace('Z', form);
      }
    }
  });

describe('RawFolders', () => {
  it('gives every event the folder of its own partition path, whatever came before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...EVENT_TYPES), timestamp), { maxLength: 40 }),
        (events) => {
          const folders = new RawFolders();
          for (const [type, time] of events) {
            const e = event(type, time);
            expect(folders.of(e)).toBe(rawFolder(partitionPath(e)));
          }
        },
      ),
    );
  });

  it('keeps event types and hours apart', () => {
    const folders = new RawFolders();
    expect(folders.of(event('metric', '2024-01-15T10:59:59.999Z'))).toBe(
      'raw/event_type=metric/year=2024/month=01/day=15/hour=10',
    );
    expect(folders.of(event('metric', '2024-01-15T11:00:00.000Z'))).toBe(
      'raw/event_type=metric/year=2024/month=01/day=15/hour=11',
    );
    expect(folders.of(event('transaction', '2024-01-15T10:30:00Z'))).toBe(
      'raw/event_type=transaction/year=2024/month=01/day=15/hour=10',
    );
    // The same local hour with an offset is another UTC hour.
    expect(folders.of(event('metric', '2024-01-15T10:30:00+02:00'))).toBe(
      'raw/event_type=metric/year=2024/month=01/day=15/hour=08',
    );
  });
});
