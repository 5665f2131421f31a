/**
 * `npm run status` against a running local stack (the real emulators, the real handlers), as a
 * child process pointed at the stack's file: first clean (exit 0), then with a message in the
 * ingest DLQ, a quarantined record in each bucket, a partition waiting for compaction and a
 * batch the ingest function is still holding (exit 1, each shown, `--json` with the numbers).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, QueueDoesNotExist, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type LocalPipeline,
  producedRecord,
  putRecordsWithRetry,
  startLocalPipeline,
  writeStackFile,
} from '@event-pipeline/local';
import { hourPath, markPartitionPending, type Sample } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ShardFacts, StatusFacts } from '../../src/facts.js';
import { ROOT, runStatus } from '../helpers/run-status.js';

const HOUR_MS = 3_600_000;
const PENDING_PARTITION = 'event_type=metric/year=2026/month=01/day=15/hour=09';
const COMPACT_DLQ = 'event-pipeline-dev-compactor-dlq';

const invalid = (partitionKey: string, bytes: string): Sample => ({
  valid: false,
  code: 'not_json',
  bytes: Buffer.from(bytes),
  partitionKey,
});

describe('npm run status on the local stack', () => {
  let pipeline: LocalPipeline;
  let workDir: string;
  let stackFile: string;
  /** Opened to let the ingest function finish the batch it holds. */
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'status-test-'));
    pipeline = await startLocalPipeline({
      rootDir: ROOT,
      logLevel: 'SILENT',
      mapping: { batchWindowSeconds: 0.3 },
      pollIntervalMs: 50,
      wrapIngest: (handler) => async (event, context) => {
        if (event.Records.some((record) => record.kinesis.partitionKey === 'held')) await held;
        return handler(event, context);
      },
    });
    stackFile = join(workDir, 'stack.json');
    writeStackFile(stackFile, pipeline.stack);
    // Without .local/templates (a fresh clone), the pipeline first packages the stacks.
  }, 90_000);

  afterAll(async () => {
    release();
    await pipeline?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /**
   * How status must show the compact service's DLQ: the local stack creates it once it runs the
   * compact service, and until then status notes its absence.
   */
  async function expectedCompactDlq(): Promise<{
    depth?: { visible: number; inFlight: number };
    absent?: string;
  }> {
    try {
      await pipeline.clients.sqs.send(new GetQueueUrlCommand({ QueueName: COMPACT_DLQ }));
      return { depth: { visible: 0, inFlight: 0 } };
    } catch (error) {
      if (!(error instanceof QueueDoesNotExist)) throw error;
      return { absent: `this stack has no queue ${COMPACT_DLQ}` };
    }
  }

  /** Puts records on the stream; returns where each landed. */
  async function send(samples: Sample[], register: boolean) {
    const stats = { callLatenciesMs: [], retried: 0 };
    const entries = samples.map((sample) => ({ data: sample.bytes, partitionKey: sample.partitionKey }));
    const results = await putRecordsWithRetry(
      pipeline.clients.kinesis,
      pipeline.stack.stream,
      entries,
      stats,
    );
    return results.map((result, i) => {
      if (!result.ok) throw new Error(`record not accepted: ${result.errorCode}`);
      const position = { shardId: result.shardId, sequenceNumber: result.sequenceNumber };
      if (register) pipeline.recordProduced([producedRecord(samples[i]!, position, Date.now())]);
      return position;
    });
  }

  it('finds nothing to attend to on a fresh stack, and exits 0', async () => {
    const { code, stdout, stderr } = await runStatus(['--stack-file', stackFile]);
    expect(stderr).toBe('');
    expect(stdout).toContain(`Status of ${stackFile} (stage dev at http://127.0.0.1)`);
    expect(stdout).toMatch(/shardId-000000000000 +no batch recorded; at the stream's tip/);
    expect(stdout).toMatch(
      /ingest +0 messages +http:\/\/127\.0\.0\.1:\d+\/\d+\/event-pipeline-dev-kinesis-processor-dlq/,
    );
    const compact = await expectedCompactDlq();
    expect(stdout).toMatch(
      compact.absent === undefined ? /compact +0 messages/ : new RegExp(`compact +absent: ${compact.absent}`),
    );
    expect(stdout).toContain('CloudWatch\n  not available: the local stack has no CloudWatch emulator');
    expect(stdout.trimEnd().endsWith('Nothing needs attention.')).toBe(true);
    expect(code).toBe(0);
  }, 60_000);

  it('shows a dead letter, the quarantine, a pending partition and a batch in flight, and exits 1', async () => {
    const now = new Date();
    // A record the ingest function quarantines (raw bucket), processed and recorded in the ledger.
    await send([invalid('bad', '{not json')], true);
    await pipeline.settle(30_000);
    // A record whose batch the function holds: the ledger has not recorded it yet.
    const [inFlight] = await send([invalid('held', '{held')], false);
    const { dynamodb, s3, sqs } = pipeline.clients;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: pipeline.stack.dlq.ingest, MessageBody: '{"failed":true}' }),
    );
    await DynamoDBDocumentClient.from(dynamodb).send(
      new UpdateCommand(
        markPartitionPending({
          table: pipeline.stack.table,
          partition: PENDING_PARTITION,
          processedAt: now,
        }),
      ),
    );
    // The transformer's quarantine is filed by the event's hour: this hour's is counted, one of
    // three hours ago is not.
    for (const hour of [hourPath(now), hourPath(now.getTime() - 3 * HOUR_MS)])
      await s3.send(
        new PutObjectCommand({
          Bucket: pipeline.stack.processedBucket,
          Key: `quarantine/reason=transform_failed/event_type=metric/${hour}/data_test.json`,
          Body: '{}\n',
        }),
      );

    const [text, json] = await Promise.all([
      runStatus(['--stack-file', stackFile]),
      runStatus(['--stack-file', stackFile, '--json']),
    ]);

    expect(text.stdout).toMatch(/ingest +1 message \(1 visible, 0 in flight\)/);
    expect(text.stdout).toMatch(/ingest ledger +1 record in 1 batch\n/);
    expect(text.stdout).toMatch(/raw bucket, not_json +1 object\n/);
    expect(text.stdout).toMatch(/processed bucket, transform_failed +1 object\n/);
    expect(text.stdout).toMatch(
      new RegExp(`pending +1; the oldest, ${PENDING_PARTITION}, last written [\\d.]+ (ms|s) ago`),
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `${inFlight!.shardId} +.*behind \\d+(\\.\\d)? (ms|s): oldest unrecorded record ${inFlight!.sequenceNumber}`,
      ),
    );
    expect(text.stdout).toContain('Needs attention:\n  - ingest DLQ: holds 1 message(s)');
    expect(text.code).toBe(1);

    expect(json.code).toBe(1);
    const facts = JSON.parse(json.stdout) as StatusFacts & { attention: Array<{ subject: string }> };
    expect(facts.target).toEqual({
      description: expect.stringContaining(stackFile),
      stage: 'dev',
      region: 'us-east-1',
      deployed: false,
    });
    expect(facts.iteratorAgeThresholdMs).toBe(60_000);
    expect(facts.deadLetterQueues.map(({ queue, depth, absent }) => ({ queue, depth, absent }))).toEqual([
      { queue: 'ingest', depth: { visible: 1, inFlight: 0 }, absent: undefined },
      { queue: 'transform', depth: { visible: 0, inFlight: 0 }, absent: undefined },
      { queue: 'compact', depth: undefined, absent: undefined, ...(await expectedCompactDlq()) },
    ]);
    expect(facts.quarantine.ingestLedger).toEqual({ records: 1, batches: 1 });
    expect(facts.quarantine.objects).toEqual([
      { bucket: 'raw', reason: 'not_json', objects: 1 },
      { bucket: 'processed', reason: 'transform_failed', objects: 1 },
    ]);
    expect(facts.pendingPartitions).toMatchObject({ count: 1, oldest: { partition: PENDING_PARTITION } });
    const shards = facts.stream.shards as ShardFacts[];
    expect(shards.map((shard) => shard.shardId).sort()).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    for (const shard of shards) {
      if (shard.shardId === inFlight!.shardId) {
        expect(shard.oldestUnrecorded?.sequenceNumber).toBe(inFlight!.sequenceNumber);
        expect(shard.behindMs).toBeGreaterThan(0);
        expect(shard.behindMs).toBeLessThan(60_000);
      } else {
        expect(shard).toMatchObject({ behindMs: 0 });
        expect(shard.oldestUnrecorded).toBeUndefined();
      }
    }
    expect(facts.cloudWatch).toMatchObject({ available: false });
    expect(facts.attention.map((item) => item.subject)).toEqual(['ingest DLQ']);
  }, 90_000);
});
