import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { recordId } from '../../src/index.js';

const shardId = 'shardId-000000000001';
const sequenceNumber = '49590338271490256608559692538361571095921575989136588818';

describe('recordId', () => {
  it('is the full SHA-256 of the event_id identity when there is one', () => {
    const id = recordId({ eventId: 'abc', shardId, sequenceNumber });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(createHash('sha256').update('event_id:abc').digest('hex'));
  });

  it('falls back to the stream position', () => {
    expect(recordId({ shardId, sequenceNumber })).toBe(
      createHash('sha256').update(`kinesis:${shardId}:${sequenceNumber}`).digest('hex'),
    );
  });

  it('is identical across calls (retries, replays, redrives)', () => {
    expect(recordId({ eventId: 'e-1', shardId, sequenceNumber })).toBe(
      recordId({ eventId: 'e-1', shardId, sequenceNumber }),
    );
    expect(recordId({ shardId, sequenceNumber })).toBe(recordId({ shardId, sequenceNumber }));
  });

  it('does not depend on the position when the event has an id', () => {
    expect(recordId({ eventId: 'e-1', shardId, sequenceNumber })).toBe(
      recordId({ eventId: 'e-1', shardId: 'shardId-000000000000', sequenceNumber: '1' }),
    );
  });

  it('differs between records', () => {
    const ids = new Set([
      recordId({ eventId: 'e-1', shardId, sequenceNumber }),
      recordId({ eventId: 'e-2', shardId, sequenceNumber }),
      recordId({ shardId, sequenceNumber }),
      recordId({ shardId, sequenceNumber: `${sequenceNumber.slice(0, -1)}9` }),
      recordId({ shardId: 'shardId-000000000000', sequenceNumber }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('keeps an event_id that looks like a position apart from that position', () => {
    expect(recordId({ eventId: `${shardId}:${sequenceNumber}`, shardId, sequenceNumber })).not.toBe(
      recordId({ shardId, sequenceNumber }),
    );
  });
});
