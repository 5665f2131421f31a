import { describe, expect, it } from '@jest/globals';
import { assess } from '../../src/assess.js';
import type { ShardFacts } from '../../src/facts.js';
import { healthyFacts, THRESHOLD_MS } from '../helpers/facts.js';

const subjects = (facts = healthyFacts()) => assess(facts).map((item) => item.subject);

describe('assess', () => {
  it('finds nothing in a healthy stack, whatever was quarantined or waits for compaction', () => {
    const facts = healthyFacts();
    facts.quarantine.ingestLedger = { records: 40, batches: 3 };
    facts.quarantine.objects = [{ bucket: 'raw', reason: 'not_json', objects: 3 }];
    facts.pendingPartitions = {
      count: 12,
      oldest: {
        partition: 'event_type=metric/year=2026/month=01/day=15/hour=09',
        lastProcessedAt: '',
        ageMs: 1,
      },
    };
    expect(assess(facts)).toEqual([]);
  });

  it('flags every dead-letter queue that holds a message, visible or in flight, with what to run', () => {
    const facts = healthyFacts();
    facts.deadLetterQueues = [
      { queue: 'ingest', address: 'u1', depth: { visible: 2, inFlight: 0 } },
      { queue: 'transform', address: 'u2', depth: { visible: 0, inFlight: 1 } },
      { queue: 'compact', address: 'u3', depth: { visible: 0, inFlight: 0 } },
    ];
    expect(assess(facts)).toEqual([
      {
        subject: 'ingest DLQ',
        problem: 'holds 2 message(s)',
        hint: expect.stringContaining('npm run redrive -- --queue ingest'),
      },
      {
        subject: 'transform DLQ',
        problem: 'holds 1 message(s)',
        hint: expect.stringContaining('npm run redrive -- --queue transform'),
      },
    ]);
  });

  it('takes a queue the stack does not have for a note, and one it could not read for a problem', () => {
    const facts = healthyFacts();
    facts.deadLetterQueues.push({ queue: 'compact', address: 'dlq', absent: 'this stack has no queue dlq' });
    expect(assess(facts)).toEqual([]);
    facts.deadLetterQueues.push({ queue: 'compact', address: 'dlq', error: 'Access Denied' });
    expect(assess(facts)).toEqual([
      { subject: 'compact DLQ', problem: expect.stringContaining('Access Denied') },
    ]);
  });

  it('flags a shard only when it is behind by more than the threshold, as the alarm compares', () => {
    const shard = (shardId: string, behindMs: number): ShardFacts => ({ shardId, closed: false, behindMs });
    const facts = healthyFacts();
    facts.stream.shards = [shard('at-threshold', THRESHOLD_MS), shard('past-it', THRESHOLD_MS + 1)];
    expect(assess(facts)).toEqual([
      {
        subject: 'shard past-it',
        problem: 'the ledger is 1.0 min behind the stream (threshold 1.0 min)',
        hint: expect.any(String),
      },
    ]);
  });

  it('flags each alarm in ALARM and an iterator age past the threshold', () => {
    const facts = healthyFacts();
    facts.cloudWatch = {
      available: true,
      alarmsInAlarm: [
        {
          name: 'event-pipeline-test-processor-errors',
          reason: 'Threshold Crossed',
          since: '2026-01-15T10:20:00Z',
        },
      ],
      iteratorAge: {
        functionName: 'fn',
        windowMinutes: 10,
        latest: { valueMs: 90_000, at: '2026-01-15T10:29:00.000Z' },
      },
    };
    expect(subjects(facts)).toEqual(['alarm event-pipeline-test-processor-errors', 'fn IteratorAge']);
    facts.cloudWatch.iteratorAge = {
      functionName: 'fn',
      windowMinutes: 10,
      latest: { valueMs: THRESHOLD_MS, at: '2026-01-15T10:29:00.000Z' },
    };
    expect(subjects(facts)).toEqual(['alarm event-pipeline-test-processor-errors']);
  });

  it('asks nothing of CloudWatch where there is none (the local stack)', () => {
    const facts = healthyFacts();
    facts.cloudWatch = { available: false, reason: 'no CloudWatch emulator' };
    expect(assess(facts)).toEqual([]);
  });

  it('flags every part that could not be read: its state is unknown', () => {
    const facts = healthyFacts();
    facts.stream.shards = { error: 'ResourceNotFoundException' };
    facts.quarantine.ingestLedger = { error: 'ResourceNotFoundException' };
    facts.quarantine.objects = { error: 'AccessDenied' };
    facts.pendingPartitions = { error: 'AccessDenied' };
    facts.cloudWatch = {
      available: true,
      alarmsInAlarm: { error: 'denied' },
      iteratorAge: { error: 'denied' },
    };
    expect(subjects(facts)).toEqual([
      'alarms',
      'iterator age',
      'the stream and the ledger',
      'quarantine listings',
      'pending partitions',
    ]);
  });
});
