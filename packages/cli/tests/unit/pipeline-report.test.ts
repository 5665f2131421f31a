import type { PipelineStatus } from '@event-pipeline/local';
import { describe, expect, it } from '@jest/globals';
import { statusLine } from '../../src/pipeline-report.js';

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
