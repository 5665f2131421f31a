import { SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import { sampleBatch } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { ingestObjectPlanner } from '../../src/replay.js';
import { createReplayPlanner, planReplay, type ReplayInput, type ReplayStep } from '../../src/replay-plan.js';
import { ledgerBatch, shardRecords, testTarget } from '../helpers/factories.js';

const planObjects = ingestObjectPlanner(testTarget());
const keysOf = (records: Parameters<typeof planObjects>[0]) =>
  planObjects(records).map((object) => object.key);
const sequencesOf = (groups: ReadonlyArray<ReadonlyArray<{ sequenceNumber: string }>>) =>
  groups.map((group) => group.map((record) => record.sequenceNumber));

function plan(input: Partial<ReplayInput> & Pick<ReplayInput, 'records' | 'batches'>) {
  return planReplay({
    shardId: SHARD_ID,
    fromSequenceNumber: input.records[0]!.sequenceNumber,
    planObjects,
    groupSize: 100,
    ...input,
  });
}

describe('planReplay', () => {
  it("rewrites a ledger batch's objects under the names the ingest code gives its range, and nothing else", () => {
    const records = shardRecords(40);
    const keys = keysOf(records);
    const result = plan({ records, batches: [ledgerBatch(records, keys)] });
    expect(result.rewrites).toHaveLength(1);
    expect(result.rewrites[0]!.objects.map((object) => object.key)).toEqual(keys);
    expect(result.rewrites[0]!.objects.flatMap((object) => object.sequenceNumbers).sort()).toEqual(
      records.map((record) => record.sequenceNumber).sort(),
    );
    expect(result.groups).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('replays a batch that began before the starting point whole, so that its names do not change', () => {
    const records = shardRecords(30);
    const result = plan({
      records,
      fromSequenceNumber: sequenceNumber(20),
      batches: [ledgerBatch(records, keysOf(records))],
    });
    expect(result.rewrites[0]!.firstSequenceNumber).toBe(sequenceNumber(0));
    expect(result.rewrites[0]!.objects.map((object) => object.key)).toEqual(keysOf(records));
    expect(result.groups).toEqual([]);
  });

  it('leaves out batches that ended before the starting point', () => {
    const records = shardRecords(30);
    const before = records.slice(0, 10);
    const after = records.slice(10);
    const result = plan({
      records,
      fromSequenceNumber: sequenceNumber(10),
      batches: [ledgerBatch(before, keysOf(before)), ledgerBatch(after, keysOf(after))],
    });
    expect(result.rewrites.map((rewrite) => rewrite.firstSequenceNumber)).toEqual([sequenceNumber(10)]);
  });

  it('writes again only the objects an attempt wrote, taking every attempt of the same range together', () => {
    const records = shardRecords(40);
    const keys = keysOf(records);
    // Two attempts of one batch, each of which wrote some of its objects.
    const result = plan({
      records,
      batches: [ledgerBatch(records, keys.slice(0, 2)), ledgerBatch(records, keys.slice(1, 3))],
    });
    expect(result.rewrites).toHaveLength(1);
    expect(result.rewrites[0]!.objects.map((object) => object.key)).toEqual(keys.slice(0, 3));
  });

  it('processes the records of objects no attempt wrote (their batch went to the DLQ) as new batches', () => {
    const records = shardRecords(40);
    const planned = planObjects(records);
    const unwritten = planned[planned.length - 1]!;
    const result = plan({
      records,
      batches: [
        ledgerBatch(
          records,
          planned.slice(0, -1).map((object) => object.key),
        ),
      ],
    });
    const grouped = result.groups.flat().map((record) => record.sequenceNumber);
    expect(grouped.sort()).toEqual([...unwritten.sequenceNumbers].sort());
  });

  it('cuts each run of uncovered records into groups of the batch size from its first record', () => {
    const records = shardRecords(250);
    const head = records.slice(0, 100);
    const tail = records.slice(200);
    const result = plan({
      records,
      groupSize: 60,
      batches: [ledgerBatch(head, keysOf(head)), ledgerBatch(tail, keysOf(tail))],
    });
    expect(sequencesOf(result.groups)).toEqual([
      records.slice(100, 160).map((record) => record.sequenceNumber),
      records.slice(160, 200).map((record) => record.sequenceNumber),
    ]);
  });

  it('treats a batch whose records are not all in the stream any more as uncovered, with a note', () => {
    const records = shardRecords(20);
    const batch = { ...ledgerBatch(records, keysOf(records)), totalRecords: 25 };
    const result = plan({ records, batches: [batch] });
    expect(result.rewrites).toEqual([]);
    expect(result.groups.flat()).toHaveLength(20);
    expect(result.notes).toEqual([expect.stringMatching(/ledger counts 25 records, the stream holds 20/)]);
  });

  it('treats a batch listing an object the ingest code does not plan as uncovered, with a note', () => {
    const records = shardRecords(20);
    const result = plan({ records, batches: [ledgerBatch(records, ['raw/renamed/data_x.json'])] });
    expect(result.rewrites).toEqual([]);
    expect(result.groups.flat()).toHaveLength(20);
    expect(result.notes).toEqual([expect.stringMatching(/no longer plans raw\/renamed\/data_x.json/)]);
  });

  it('plans the quarantine objects of invalid records like any other object', () => {
    const samples = sampleBatch(30, { seed: 3, invalidFraction: 0.3 });
    const records = shardRecords(30, { samples });
    const keys = keysOf(records);
    expect(keys.some((key) => key.startsWith('quarantine/'))).toBe(true);
    const result = plan({ records, batches: [ledgerBatch(records, keys)] });
    expect(result.groups).toEqual([]);
    expect(result.rewrites[0]!.objects.map((object) => object.key)).toEqual(keys);
  });

  it('is idempotent: once its new batches are in the ledger, the same replay rewrites them and adds none', () => {
    const records = shardRecords(120);
    const covered = records.slice(0, 50);
    const first = plan({ records, groupSize: 40, batches: [ledgerBatch(covered, keysOf(covered))] });
    expect(first.groups.map((group) => group.length)).toEqual([40, 30]);
    // What the ingest handler records for each new batch it processed.
    const recorded = first.groups.map((group) => ledgerBatch(group, keysOf(group)));
    const second = plan({
      records,
      groupSize: 40,
      batches: [ledgerBatch(covered, keysOf(covered)), ...recorded],
    });
    expect(second.groups).toEqual([]);
    const written = (result: typeof first) => result.rewrites.flatMap((rewrite) => rewrite.objects);
    expect(written(second)).toEqual([
      ...written(first),
      ...first.groups.flatMap((group) => planObjects(group)),
    ]);
  });

  it('refuses a group size below 1', () => {
    expect(() => plan({ records: shardRecords(1), batches: [], groupSize: 0 })).toThrow(RangeError);
  });

  it('says so when a range holds more records than the ledger counts, without holding them back', () => {
    const records = shardRecords(30);
    const batch = { ...ledgerBatch(records, keysOf(records)), totalRecords: 10 };
    const result = plan({ records, batches: [batch], groupSize: 100 });
    expect(result.rewrites).toEqual([]);
    expect(result.notes).toEqual([
      expect.stringMatching(/ledger counts 10 records, the stream holds more in its range/),
    ]);
    expect(result.groups.flat()).toHaveLength(30);
  });
});

describe('createReplayPlanner', () => {
  /** Feeds the records one at a time; the steps each push completes, by the index of that record. */
  function feed(input: Omit<ReplayInput, 'shardId' | 'planObjects'>) {
    const planner = createReplayPlanner({ shardId: SHARD_ID, planObjects, ...input });
    const completed: Array<{ at: number; step: ReplayStep }> = [];
    input.records.forEach((record, at) => {
      for (const step of planner.push(record)) completed.push({ at, step });
    });
    for (const step of planner.end()) completed.push({ at: input.records.length, step });
    return completed;
  }

  it("says each batch's rewrite as soon as the record after it is read, not at the end of the shard", () => {
    const records = shardRecords(300);
    const batches = [0, 100, 200].map((from) => {
      const batch = records.slice(from, from + 100);
      return ledgerBatch(batch, keysOf(batch));
    });
    const completed = feed({ records, batches, fromSequenceNumber: sequenceNumber(0), groupSize: 100 });
    expect(completed.map(({ at, step }) => [at, step.kind])).toEqual([
      [100, 'rewrite'],
      [200, 'rewrite'],
      [300, 'rewrite'],
    ]);
  });

  it('says each group once it is full, and the last of a run once a covered record or the end closes it', () => {
    const records = shardRecords(130);
    const covered = records.slice(100, 110);
    const completed = feed({
      records,
      batches: [ledgerBatch(covered, keysOf(covered))],
      fromSequenceNumber: sequenceNumber(0),
      groupSize: 40,
    });
    expect(
      completed.map(({ at, step }) => [at, step.kind, step.kind === 'group' ? step.records.length : 0]),
    ).toEqual([
      [39, 'group', 40],
      [79, 'group', 40],
      // The run 80..99 ends where the batch's records turn out to be covered: once the batch is read.
      [110, 'rewrite', 0],
      [110, 'group', 20],
      [130, 'group', 20],
    ]);
  });

  it('starts where the earliest batch reaching the starting point begins', () => {
    const records = shardRecords(30);
    const planner = (batches: ReplayInput['batches']) =>
      createReplayPlanner({
        shardId: SHARD_ID,
        planObjects,
        groupSize: 100,
        fromSequenceNumber: sequenceNumber(20),
        batches,
      }).firstNeededSequenceNumber;
    expect(planner([ledgerBatch(records.slice(5, 25), []), ledgerBatch(records.slice(0, 10), [])])).toBe(
      sequenceNumber(5),
    );
    expect(planner([])).toBe(sequenceNumber(20));
  });
});
