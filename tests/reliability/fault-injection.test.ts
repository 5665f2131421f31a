/**
 * Fault injection end to end (issue 8), CI-sized: 3,000 events through the local pipeline
 * while 10% of S3 writes fail, 10% of DynamoDB writes are throttled, the ingest function
 * crashes once every 20 invocations, the transformer fails its first attempt on 10% of the
 * objects, and every 1,000th record is poison; and, until the incident is over, a few records
 * crash the ingest function every time and every 50th object fails every transform attempt,
 * so that both DLQs receive something. Once the faults stop, the DLQs are redriven.
 * Then nothing is lost: every valid event is processed, every invalid one quarantined with its
 * reason, every dead-lettered record and object redriven into the lake, the DLQs are empty,
 * and every duplicate is an identical copy that a re-delivery explains. Then the lake is
 * compacted: the duplicates of processed/ are not in curated/, which DuckDB reads back with
 * every valid record exactly once.
 * The larger run: `npm run test:faults -- --events 20000`.
 */

import { positionKey } from '@event-pipeline/local';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { failedS3Writes, throttledDynamoWrites } from './helpers/fault-injector.js';
import { formatReport } from './helpers/report.js';
import { type FaultRunReport, runFaultScenario } from './helpers/scenario.js';

const EVENTS = 3_000;
const SEED = 8;

describe('the pipeline under injected faults', () => {
  let report: FaultRunReport;

  beforeAll(async () => {
    // About 12 s to settle on an idle 2-core machine; the margin is for a busy one.
    report = await runFaultScenario({ events: EVENTS, seed: SEED, settleTimeoutMs: 75_000 });
  }, 150_000);

  afterAll(() => {
    if (report) process.stdout.write(`\nFault injection (CI size)\n${formatReport(report)}\n`);
  });

  it('injected every kind of fault, and a poison record every 1,000, and settled before they stopped', () => {
    const { faults } = report;
    // Else the faults stopped with retries in flight, and what follows would judge a cut-short run.
    expect(report.settledUnderFaults).toBe(true);
    expect(report.poison).toBe(EVENTS / 1000);
    expect(failedS3Writes(faults)).toBeGreaterThan(0);
    expect(throttledDynamoWrites(faults)).toBeGreaterThan(0);
    // Crashes alternate: the 1st after the handler wrote everything, the 2nd before it wrote anything.
    expect(faults.ingestCrashes.afterWork).toBeGreaterThan(0);
    expect(faults.ingestCrashes.beforeWork).toBeGreaterThan(0);
    expect(faults.transformFirstAttemptFailures).toBeGreaterThan(0);
    expect(faults.ingestFatal.records.length).toBeGreaterThan(0);
    expect(faults.transformOutages.objects.length).toBeGreaterThan(0);
  });

  it('lost nothing: every valid event is processed and every invalid one quarantined with its reason', () => {
    expect(report.audit.missing).toEqual([]);
    expect(report.audit.misplaced).toEqual([]);
    expect(report.audit.strays).toEqual([]);
    expect(report.audit.uniqueProcessed).toBe(report.valid);
    expect(report.audit.transformQuarantineLines).toBe(0);
  });

  it('dead-lettered what failed for good: each fatal record alone, each object under outage', () => {
    const { faults, deadLettered } = report;
    expect(report.dlqAfterFaults.ingest).toBe(deadLettered.ingest.length);
    expect(report.dlqAfterFaults.transform).toBe(deadLettered.transform.length);
    // Bisection isolates a record that crashes every batch it is in; its retries then run out.
    const alone = deadLettered.ingest
      .filter((batch) => batch.batchSize === 1)
      .map((batch) => positionKey({ shardId: batch.shardId, sequenceNumber: batch.startSequenceNumber }));
    expect(alone).toEqual(expect.arrayContaining(faults.ingestFatal.records));
    expect(deadLettered.transform.map((object) => object.eventKey)).toEqual(
      expect.arrayContaining(faults.transformOutages.objects),
    );
  });

  it('redrove every dead-lettered record into the lake, and emptied the ingest DLQ', () => {
    const batches = report.deadLettered.ingest;
    expect(batches.length).toBeGreaterThan(0);
    const summaries = report.redrives.filter((summary) => summary.queue === 'ingest');
    expect(summaries.reduce((sum, summary) => sum + summary.redriven, 0)).toBe(batches.length);
    expect(summaries.every((summary) => summary.failed === 0)).toBe(true);
    for (const batch of batches) {
      // Every record the message names is one this run sent.
      expect(batch.records).toHaveLength(batch.batchSize);
      for (const record of batch.records) {
        expect(record).toMatchObject({ redriven: true, found: record.expected });
        expect(record.copies).toBeGreaterThan(0);
      }
    }
    expect(report.dlqAtEnd.ingest).toBe(0);
  });

  it('redrove every dead-lettered object into its processed twin, and emptied the transform DLQ', () => {
    const objects = report.deadLettered.transform;
    expect(objects.length).toBeGreaterThan(0);
    const summaries = report.redrives.filter((summary) => summary.queue === 'transform');
    expect(summaries.reduce((sum, summary) => sum + summary.redriven, 0)).toBe(objects.length);
    expect(summaries.every((summary) => summary.failed === 0)).toBe(true);
    for (const object of objects) {
      expect(object.redriven).toBe(true);
      expect(object.rawRecords?.length).toBeGreaterThan(0);
      expect(object.processedRecords).toEqual(object.rawRecords);
    }
    expect(report.dlqAtEnd.transform).toBe(0);
  });

  it('loses nothing to a crash before any write: each of its records lands later, where it belongs', () => {
    const { crashedBeforeWork } = report;
    expect(crashedBeforeWork.length).toBeGreaterThan(0);
    for (const record of crashedBeforeWork) {
      expect(record.found).toBe(record.expected);
      // The crashed invocation never ran the handler: a later run (the retry, or the redrive) wrote it.
      expect(record.runs).toBeGreaterThan(0);
      expect(record.copies).toBeLessThanOrEqual(record.runs);
    }
  });

  it('has only re-deliveries as duplicates: identical copies, never more than the ingest runs over the record', () => {
    const { audit, duplicates } = report;
    expect(audit.inconsistentDuplicates).toEqual([]);
    // The transformer adds no copy and drops none: every raw object became its processed twin, line for line.
    expect(audit.unmatchedObjects).toEqual([]);
    // Each ingest run writes a record into one object at most: more copies than runs would be a bug.
    expect(duplicates.beyondRuns).toEqual([]);
    // The faults did re-deliver records, and every duplicate line is one of those re-deliveries.
    expect(audit.duplicateLines).toBeGreaterThan(0);
    expect(audit.duplicateLines).toBeLessThanOrEqual(duplicates.redeliveries);
  });

  it('compacts the lake into curated/: the duplicates of processed/ dropped, every valid record exactly once', () => {
    const { audit, compaction, curated } = report;
    expect(compaction).toMatchObject({ error: undefined, failedPartitions: 0, conflicts: 0, quarantined: 0 });
    // processed/ holds duplicates; compaction dropped exactly those.
    expect(audit.duplicateLines).toBeGreaterThan(0);
    expect(curated.processedLines - curated.processedRecords).toBe(audit.duplicateLines);
    expect(compaction.duplicatesDropped).toBe(audit.duplicateLines);
    // Read back with DuckDB: one row per processed record, nothing missing or extra, every valid record there.
    expect(curated).toMatchObject({
      complete: true,
      uncurated: [],
      missing: [],
      duplicated: [],
      strays: [],
      validNotCurated: [],
    });
    expect(curated.curatedRows).toBe(report.valid);
    expect(compaction.rows).toBe(report.valid);
  });
});
