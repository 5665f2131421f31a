import type { PipelineStatus } from '@event-pipeline/local';
import { describe, expect, it } from '@jest/globals';
import { stackNotes, statusLine } from '../../src/pipeline-report.js';

const STATUS: PipelineStatus = {
  produced: 50,
  ingested: 50,
  processed: 67,
  quarantined: 3,
  ingestInvocations: 2,
  ingestErrors: 0,
  transformInvocations: 9,
  transformErrors: 0,
  ingestDeadLettered: 0,
  transformDeadLettered: 0,
  latencyP50Ms: 1_200,
  latencyP99Ms: 2_500,
  curated: {
    runs: 0,
    failedRuns: 0,
    partitions: 0,
    rows: 0,
    duplicatesDropped: 0,
    conflicts: 0,
    quarantined: 0,
    bytesIn: 0,
    bytesOut: 0,
  },
};

describe('statusLine', () => {
  it('shows what the DLQs hold, whoever put it there, when the queues have answered', () => {
    expect(statusLine(STATUS, 12_300, 2)).toBe(
      '[ 12.3 s] produced 50 | ingested 50 | transformed 67 | quarantined 3 | DLQ 2 | latency p50 1.2 s p99 2.5 s',
    );
  });

  it("shows this run's dead-lettered records and objects without the queues' count", () => {
    expect(statusLine({ ...STATUS, ingestDeadLettered: 3, transformDeadLettered: 1 }, 0)).toContain(
      '| DLQ 4 |',
    );
  });
});

describe('stackNotes', () => {
  it('folds the skipped resources into one line per reason, counted by type, after the other notes', () => {
    expect(
      stackNotes([
        'templates: packaged with sls package in 4.6 s',
        'ProcessorErrorsAlarm (AWS::CloudWatch::Alarm): skipped, no local emulator for it',
        'AuditTrail (AWS::CloudTrail::Trail): skipped, condition HasAuditTrail is false',
        'TransformerErrorsAlarm (AWS::CloudWatch::Alarm): skipped, no local emulator for it',
        'RawEventsTable (AWS::Glue::Table): skipped, no local emulator for it',
        'LedgerTable: TTL on "ttl" is not emulated (items are kept)',
      ]),
    ).toEqual([
      'templates: packaged with sls package in 4.6 s',
      'LedgerTable: TTL on "ttl" is not emulated (items are kept)',
      'skipped 3 resources (no local emulator for it): AWS::CloudWatch::Alarm x2, AWS::Glue::Table',
      'skipped 1 resource (condition HasAuditTrail is false): AWS::CloudTrail::Trail',
    ]);
  });
});
