import { describe, expect, it } from '@jest/globals';
import { assess } from '../../src/assess.js';
import { statusJson, statusReport } from '../../src/report.js';
import { healthyFacts } from '../helpers/facts.js';

describe('statusReport', () => {
  it('shows each part and says when nothing needs attention', () => {
    const facts = healthyFacts();
    const text = statusReport(facts, assess(facts));
    expect(text).toContain('Status of stage test in us-east-1, read at 2026-01-15T10:30:00.000Z');
    expect(text).toMatch(
      /shardId-000000000000 +last batch 9 records at 2026-01-15T10:29:58\.000Z \(2\.0 s ago\); at the stream's tip/,
    );
    expect(text).toMatch(/ingest +0 messages +https:\/\/sqs\/ingest-dlq/);
    expect(text).toMatch(/ingest ledger +0 records in 0 batches/);
    expect(text).toMatch(/raw bucket +none/);
    expect(text).toMatch(/pending +none/);
    expect(text).toMatch(/alarms in ALARM +none/);
    expect(text).toMatch(/iterator age +no datapoint in the last 10 min/);
    expect(text.endsWith('Nothing needs attention.')).toBe(true);
  });

  it('shows a backlog, queue depths, quarantine by reason, the oldest pending partition and what needs attention', () => {
    const facts = healthyFacts();
    facts.stream.shards = [
      {
        shardId: 'shardId-000000000001',
        closed: true,
        oldestUnrecorded: { sequenceNumber: '77', arrivedAt: '2026-01-15T10:25:00.000Z' },
        behindMs: 300_000,
      },
    ];
    facts.deadLetterQueues = [
      { queue: 'ingest', address: 'u', depth: { visible: 1, inFlight: 2 } },
      { queue: 'compact', address: 'c-dlq', absent: 'this stack has no queue c-dlq' },
    ];
    facts.quarantine.ingestLedger = { records: 1, batches: 1 };
    facts.quarantine.objects = [
      { bucket: 'raw', reason: 'not_json', objects: 1 },
      { bucket: 'processed', reason: 'transform_failed', objects: 2 },
    ];
    facts.pendingPartitions = {
      count: 3,
      oldest: {
        partition: 'event_type=metric/year=2026/month=01/day=15/hour=09',
        lastProcessedAt: '2026-01-15T10:00:00.000Z',
        ageMs: 1_800_000,
      },
    };
    facts.cloudWatch = { available: false, reason: 'no CloudWatch emulator' };

    const text = statusReport(facts, assess(facts));

    expect(text).toMatch(
      /shardId-000000000001 +no batch recorded; behind 5\.0 min: oldest unrecorded record 77 arrived 2026-01-15T10:25:00\.000Z \(closed shard\)/,
    );
    expect(text).toMatch(/ingest +3 messages \(1 visible, 2 in flight\) +u/);
    expect(text).toMatch(/compact +absent: this stack has no queue c-dlq/);
    expect(text).toMatch(/ingest ledger +1 record in 1 batch\n/);
    expect(text).toMatch(/raw bucket, not_json +1 object\n/);
    expect(text).toMatch(/processed bucket, transform_failed +2 objects/);
    expect(text).toMatch(
      /pending +3; the oldest, event_type=metric\/year=2026\/month=01\/day=15\/hour=09, last written 30\.0 min ago/,
    );
    expect(text).toContain('CloudWatch\n  not available: no CloudWatch emulator');
    expect(text).toContain(
      'Needs attention:\n  - ingest DLQ: holds 3 message(s)\n      npm run redrive -- --queue ingest',
    );
    expect(text).toContain('  - shard shardId-000000000001: the ledger is 5.0 min behind the stream');
  });

  it('says which part could not be read, and why', () => {
    const facts = healthyFacts();
    facts.stream.shards = { error: 'Stream event-pipeline-test-stream not found' };
    facts.quarantine.objects = { error: 'Access Denied' };
    const text = statusReport(facts, assess(facts));
    expect(text).toContain('  could not be read: Stream event-pipeline-test-stream not found');
    expect(text).toMatch(/raw bucket +could not be read: Access Denied/);
  });
});

describe('statusJson', () => {
  it('holds the facts as they are, and the attention list', () => {
    const facts = healthyFacts();
    facts.deadLetterQueues[0]!.depth = { visible: 1, inFlight: 0 };
    const attention = assess(facts);
    expect(JSON.parse(statusJson(facts, attention))).toEqual({ ...facts, attention });
    expect(attention).toHaveLength(1);
  });
});
