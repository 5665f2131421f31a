/**
 * Fault injection end to end (issue 8), CI-sized: 3,000 events through the local pipeline
 * while 10% of S3 writes fail, 10% of DynamoDB writes are throttled, the ingest function
 * crashes once every 20 invocations, the transformer fails its first attempt on 10% of the
 * objects, and every 1,000th record is poison. Once the faults stop, the DLQs are redriven.
 * Then nothing is lost: every valid event is processed, every invalid one quarantined with its
 * reason, the DLQs are empty, and every duplicate is a re-delivery of its record.
 * The larger run: `npm run test:faults -- --events 20000`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { failedS3Writes, throttledDynamoWrites } from './helpers/fault-injector.js';
import { formatReport } from './helpers/report.js';
import { type FaultRunReport, runFaultScenario } from './helpers/scenario.js';

const EVENTS = 3_000;
const SEED = 8;

describe('the pipeline under injected faults', () => {
  let report: FaultRunReport;

  beforeAll(async () => {
    report = await runFaultScenario({ events: EVENTS, seed: SEED, settleTimeoutMs: 30_000 });
  }, 90_000);

  afterAll(() => {
    if (report) process.stdout.write(`\nFault injection (CI size)\n${formatReport(report)}\n`);
  });

  it('injected every kind of fault, and a poison record every 1,000', () => {
    const { faults } = report;
    expect(report.poison).toBe(EVENTS / 1000);
    expect(failedS3Writes(faults)).toBeGreaterThan(0);
    expect(throttledDynamoWrites(faults)).toBeGreaterThan(0);
    // The first crash comes after the handler wrote everything: its batch is re-delivered, bisected.
    expect(faults.ingestCrashes.afterWork).toBeGreaterThan(0);
    expect(faults.transformFirstAttemptFailures).toBeGreaterThan(0);
  });

  it('lost nothing: every valid event is processed and every invalid one quarantined with its reason', () => {
    expect(report.audit.missing).toEqual([]);
    expect(report.audit.misplaced).toEqual([]);
    expect(report.audit.strays).toEqual([]);
    expect(report.audit.uniqueProcessed).toBe(report.valid);
    expect(report.audit.transformQuarantineLines).toBe(0);
  });

  it('leaves nothing in a DLQ: what landed there was redriven', () => {
    expect(report.dlqAtEnd).toEqual({ ingest: 0, transform: 0 });
    for (const summary of report.redrives) expect(summary.failed).toBe(0);
  });

  it('has only re-deliveries as duplicates: the same record id, the same content', () => {
    expect(report.audit.inconsistentDuplicates).toEqual([]);
    expect(report.audit.duplicateLines).toBe(report.audit.processedLines - report.valid);
    expect(report.audit.duplicateRate).toBeGreaterThanOrEqual(0);
  });
});
