import { readFileSync } from 'node:fs';
import { EVENT_TYPES, GENERATED_ERROR_CODES, validate } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent } from 'aws-lambda';
import { kinesisEventProblems } from '../../src/middleware/kinesis-envelope.js';
import { FIXTURE_PATH, fixtureJson } from '../helpers/fixture.js';

const text = readFileSync(FIXTURE_PATH, 'utf8');
const fixture = JSON.parse(text) as KinesisStreamEvent;

describe('fixtures/kinesis-event.json', () => {
  it('is what its recipe builds (regenerate with `npm run fixtures -w @event-pipeline/ingest`)', () => {
    expect(text).toBe(fixtureJson());
  });

  it('is a realistic Kinesis event of one shard', () => {
    expect(kinesisEventProblems(fixture)).toEqual([]);
    for (const record of fixture.Records) {
      expect(record.eventSourceARN).toMatch(
        /^arn:aws:kinesis:us-east-1:\d{12}:stream\/event-pipeline-dev-stream$/,
      );
      expect(record.eventID).toBe(`shardId-000000000000:${record.kinesis.sequenceNumber}`);
      expect(record.kinesis.sequenceNumber).toMatch(/^\d{56}$/);
      expect(record.kinesis.kinesisSchemaVersion).toBe('1.0');
      expect(record).toMatchObject({ eventSource: 'aws:kinesis', eventName: 'aws:kinesis:record' });
    }
    const sequences = fixture.Records.map((r) => BigInt(r.kinesis.sequenceNumber));
    expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('holds valid events of every type and invalid records of every code Kinesis can carry', () => {
    const results = fixture.Records.map((r) => validate(Buffer.from(r.kinesis.data, 'base64')));
    const types = new Set(results.flatMap((r) => (r.ok ? [r.event.event_type] : [])));
    const codes = new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])));
    expect(types).toEqual(new Set(EVENT_TYPES));
    expect(codes).toEqual(new Set(GENERATED_ERROR_CODES.filter((code) => code !== 'too_large')));
  });
});
