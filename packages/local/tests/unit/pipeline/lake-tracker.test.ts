import type { S3rverEventRecord } from '@event-pipeline/emulators';
import { recordId } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { createLakeTracker, type LakeTrackerOptions } from '../../../src/pipeline/lake-tracker.js';
import { reconcile } from '../../../src/pipeline/reconcile.js';
import type { ProducedRecord } from '../../../src/producer/producer.js';

const SHARD = 'shardId-000000000000';

/** A bucket of objects the tracker reads, and the notifications a write sends. */
function fakeLake() {
  const objects = new Map<string, string>();
  const listeners = new Set<(record: S3rverEventRecord) => void>();
  const reads: string[] = [];
  const options: Omit<LakeTrackerOptions, 'watch'> = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async readObject(bucket, key) {
      reads.push(`${bucket}/${key}`);
      const text = objects.get(`${bucket}/${key}`);
      if (text === undefined) throw new Error('NoSuchKey');
      return text;
    },
  };
  const notify = (bucket: string, key: string, eventName = 'ObjectCreated:Put') => {
    for (const listener of listeners)
      listener({
        eventName,
        eventTime: '',
        s3: { bucket: { name: bucket }, object: { key, sequencer: '0' } },
      });
  };
  return {
    options,
    reads,
    write(bucket: string, key: string, lines: unknown[]) {
      objects.set(`${bucket}/${key}`, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      notify(bucket, key);
    },
    notify,
  };
}

const WATCH: LakeTrackerOptions['watch'] = [
  { bucket: 'raw', prefixes: [{ prefix: 'quarantine/', kind: 'quarantined' }] },
  {
    bucket: 'lake',
    prefixes: [
      { prefix: 'processed/', kind: 'processed' },
      { prefix: 'quarantine/', kind: 'quarantined' },
    ],
  },
];

const position = (sequenceNumber: string) => ({ shardId: SHARD, sequenceNumber });
const produced = (eventId: string, sequenceNumber: string): ProducedRecord => ({
  recordId: recordId({ eventId, ...position(sequenceNumber) }),
  ...position(sequenceNumber),
  valid: true,
  sentAt: 0,
});
const processedLine = (record: ProducedRecord, arrivedAtS: number) => ({
  record_id: record.recordId,
  kinesis_metadata: { approximate_arrival_timestamp: arrivedAtS },
});
const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('createLakeTracker', () => {
  it('indexes every line of each watched object by record id, the first landing kept', async () => {
    const lake = fakeLake();
    const tracker = createLakeTracker({ ...lake.options, watch: WATCH });
    const [a, b] = [produced('a', '1'), produced('b', '2')];
    const now = Date.now() / 1000;
    lake.write('lake', 'processed/p=1/one.jsonl', [processedLine(a, now), processedLine(b, now)]);
    lake.write('raw', 'quarantine/p=1/q.jsonl', [
      { kinesis_metadata: { shard_id: SHARD, sequence_number: '3' }, error: { code: 'not_json' } },
    ]);
    lake.write('lake', 'processed/p=1/again.jsonl', [processedLine(a, now)]);
    await settled();
    expect(tracker.pending()).toBe(0);
    expect(tracker.counts()).toEqual({ processed: 2, quarantined: 1, unrecognisedLines: 0 });
    expect(tracker.landings.get(a.recordId)).toMatchObject({
      kind: 'processed',
      object: 's3://lake/processed/p=1/one.jsonl',
    });
    expect(tracker.landings.get(recordId(position('3')))).toMatchObject({
      kind: 'quarantined',
      code: 'not_json',
    });
    expect(tracker.latenciesMs).toHaveLength(2);
  });

  it('reads nothing outside the watched prefixes, nor deletions', async () => {
    const lake = fakeLake();
    const tracker = createLakeTracker({ ...lake.options, watch: WATCH });
    lake.write('raw', 'raw/p=1/batch.jsonl', [processedLine(produced('a', '1'), 0)]);
    lake.write('elsewhere', 'processed/x.jsonl', [processedLine(produced('b', '2'), 0)]);
    lake.notify('lake', 'processed/gone.jsonl', 'ObjectRemoved:Delete');
    await settled();
    expect(lake.reads).toEqual([]);
    expect(tracker.landings.size).toBe(0);
  });

  it('finds only what was stored: a record whose object never landed is missing in the reconciliation', async () => {
    const lake = fakeLake();
    const tracker = createLakeTracker({ ...lake.options, watch: WATCH });
    const [kept, lost] = [produced('kept', '1'), produced('lost', '2')];
    lake.write('lake', 'processed/p=1/kept.jsonl', [processedLine(kept, 0)]);
    // Notified but not stored (the read fails): the tracker does not take the event's word for it.
    lake.notify('lake', 'processed/p=1/lost.jsonl');
    await settled();
    const result = reconcile([kept, lost], tracker.landings, new Set());
    expect(result.complete).toBe(false);
    expect(result.missing).toEqual([lost]);
    expect(result.processed).toBe(1);
  });

  it('stops reading once stopped', async () => {
    const lake = fakeLake();
    const tracker = createLakeTracker({ ...lake.options, watch: WATCH });
    tracker.stop();
    lake.write('lake', 'processed/p=1/late.jsonl', [processedLine(produced('a', '1'), 0)]);
    await settled();
    expect(lake.reads).toEqual([]);
  });
});
