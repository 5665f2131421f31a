/** A status where all is well, for tests to change one part of. */
import type { StatusFacts } from '../../src/facts.js';

export const READ_AT = '2026-01-15T10:30:00.000Z';
export const THRESHOLD_MS = 60_000;

export function healthyFacts(): StatusFacts {
  return {
    target: { description: 'stage test in us-east-1', stage: 'test', region: 'us-east-1', deployed: true },
    readAt: READ_AT,
    iteratorAgeThresholdMs: THRESHOLD_MS,
    stream: {
      name: 'event-pipeline-test-stream',
      shards: [
        {
          shardId: 'shardId-000000000000',
          closed: false,
          lastBatch: {
            batchId: 'shardId-000000000000_1_9',
            processedAt: '2026-01-15T10:29:58.000Z',
            ageMs: 2_000,
            records: 9,
            lastSequenceNumber: '9',
          },
          behindMs: 0,
        },
      ],
    },
    deadLetterQueues: [
      { queue: 'ingest', address: 'https://sqs/ingest-dlq', depth: { visible: 0, inFlight: 0 } },
      { queue: 'transform', address: 'https://sqs/transform-dlq', depth: { visible: 0, inFlight: 0 } },
    ],
    quarantine: {
      since: '2026-01-15T09:30:00.000Z',
      ingestLedger: { records: 0, batches: 0 },
      objects: [],
    },
    pendingPartitions: { count: 0 },
    cloudWatch: {
      available: true,
      alarmsInAlarm: [],
      iteratorAge: { functionName: 'event-pipeline-ingest-test-processor', windowMinutes: 10 },
    },
  };
}
