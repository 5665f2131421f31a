/**
 * Redrive against the local stack: the real pipeline runs in this process while S3 writes of
 * one shard fail (its batches exhaust their retries and land in the ingest DLQ) and the
 * transformer fails on every transaction object (the transform DLQ). Once the faults are
 * over, the redrive processes the DLQ messages with the pipeline's own handlers: every record
 * then lands exactly where it would have had nothing failed, and the DLQs are empty.
 */

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StackTarget } from '@event-pipeline/cli';
import { queueDepth } from '@event-pipeline/cli';
import { asyncFailureRecord, type LocalPipeline, STREAMABLE_ERROR_CODES } from '@event-pipeline/local';
import { s3Event, waitFor } from '@event-pipeline/runtime/testing';
import { partitionPath, sampleBatch } from '@event-pipeline/schema';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { redrive } from '../../src/redrive.js';
import { linesOf, readObjects, type SentRecord } from '../helpers/local-stack.js';
import { type RecoveryStack, startRecoveryStack } from '../helpers/recovery-stack.js';

const FAILING_SHARD = 'shardId-000000000001';
const faults = { ingestWrites: true, transactions: true };

describe('redrive of the DLQs into the local stack', () => {
  let stack: RecoveryStack;
  let pipeline: LocalPipeline;
  let target: StackTarget;
  let sent: SentRecord[];

  const onFailingShard = () => sent.filter((record) => record.shardId === FAILING_SHARD);
  const landed = (records: SentRecord[]) =>
    records.every((record) => pipeline.tracker.landings.has(record.recordId));
  const isTransaction = (record: SentRecord) =>
    record.sample.valid && record.sample.event.event_type === 'transaction';

  beforeAll(async () => {
    stack = await startRecoveryStack({
      decorateClients: (fn, clients) => {
        if (fn !== 'ingest') return;
        // Every raw or quarantine object of the failing shard: its batches fail until their retries run out.
        clients.s3.middlewareStack.add(
          (next, context) => async (args) => {
            const key = String((args.input as { Key?: unknown }).Key ?? '');
            if (
              faults.ingestWrites &&
              context.commandName === 'PutObjectCommand' &&
              key.includes(`_${FAILING_SHARD}_`)
            )
              throw new S3ServiceException({
                name: 'SlowDown',
                $fault: 'server',
                $metadata: { httpStatusCode: 503 },
                message: 'Please reduce your request rate. (injected)',
              });
            return next(args);
          },
          { step: 'initialize', name: 'failOneShardsWrites' },
        );
      },
      wrapTransform: (handler) => async (event, context) => {
        if (
          faults.transactions &&
          event.Records.some((record) => record.s3.object.key.includes('event_type%3Dtransaction'))
        )
          throw new Error('injected: the transformer fails on transactions');
        return handler(event, context);
      },
    });
    ({ pipeline, target } = stack);
    sent = await stack.send(
      sampleBatch(80, { seed: 11, invalidFraction: 0.1, invalidCodes: STREAMABLE_ERROR_CODES }),
    );
    await pipeline.settle(20_000);
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("dead-letters the failing shard's batches and the transaction objects, and nothing else is lost", async () => {
    expect(onFailingShard().length).toBeGreaterThan(10);
    expect(onFailingShard().some((record) => pipeline.tracker.landings.has(record.recordId))).toBe(false);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest)).toBeGreaterThan(0);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.transform)).toBeGreaterThan(0);
    const result = pipeline.reconcile();
    expect(result.missing).toEqual([]);
    expect(result.misplaced).toEqual([]);
    expect(result.deadLettered).toBe(
      sent.filter((record) => record.shardId === FAILING_SHARD || isTransaction(record)).length,
    );
  });

  it('in a dry run, lists the ingest DLQ batches (still in the stream) and changes nothing', async () => {
    const depth = await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest);
    const summary = await redrive({ target, queue: 'ingest', dryRun: true });
    expect(summary.received).toBe(depth);
    expect(summary.messages.every((message) => message.status === 'would-redrive')).toBe(true);
    expect(summary.items).toBe(onFailingShard().length);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest)).toBe(depth);
    expect(landed(onFailingShard())).toBe(false);
  });

  it('redrives the ingest DLQ: the records land as if nothing had failed, and the DLQ is empty', async () => {
    faults.ingestWrites = false;
    const summary = await redrive({ target, queue: 'ingest' });
    expect(summary).toMatchObject({ failed: 0, items: onFailingShard().length });
    expect(summary.redriven).toBe(summary.received);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest)).toBe(0);

    // Transactions still fail to transform (into the transform DLQ); everything else lands.
    const expected = onFailingShard().filter((record) => !isTransaction(record));
    await waitFor(() => landed(expected), 15_000, 'the redriven records to land');
    await pipeline.settle(10_000);
    const processed = await readObjects(pipeline.clients.s3, pipeline.stack.processedBucket, 'processed/');
    const lineOf = new Map<string, { key: string; line: Record<string, unknown> }>();
    for (const [key, body] of processed)
      for (const line of linesOf(body)) lineOf.set(String(line.record_id), { key, line });
    for (const record of expected) {
      const landing = pipeline.tracker.landings.get(record.recordId)!;
      if (!record.sample.valid) {
        expect(landing).toMatchObject({ kind: 'quarantined', code: record.expectedCode });
        continue;
      }
      const { key, line } = lineOf.get(record.recordId)!;
      // Same record id, same partition path, same data as the event produced.
      expect(key.startsWith(`processed/${partitionPath(record.sample.event)}/`)).toBe(true);
      expect(line).toMatchObject({
        record_id: record.recordId,
        original_data: record.sample.event.data,
        kinesis_metadata: { shard_id: record.shardId, sequence_number: record.sequenceNumber },
      });
    }
    // The redriven batches are in the ledger like any other.
    const { Items = [] } = await pipeline.clients.dynamodb.send(
      new ScanCommand({ TableName: pipeline.stack.table }),
    );
    const ingested = Items.map((item) => unmarshall(item)).filter(
      (item) =>
        item.stage === 'ingest' &&
        item.shard_id === FAILING_SHARD &&
        item.retry_from_sequence_number === undefined,
    );
    expect(ingested.reduce((sum, item) => sum + Number(item.total_records), 0)).toBe(onFailingShard().length);
  }, 30_000);

  it('redrives the transform DLQ: every record is then where it belongs and both DLQs are empty', async () => {
    faults.transactions = false;
    const summary = await redrive({ target, queue: 'transform' });
    expect(summary.failed).toBe(0);
    expect(summary.redriven).toBeGreaterThan(0);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.transform)).toBe(0);
    await waitFor(() => landed(sent), 15_000, 'every record to land');
    const result = pipeline.reconcile();
    expect(result.missing).toEqual([]);
    expect(result.misplaced).toEqual([]);
    expect(result.processed + result.quarantined).toBe(sent.length);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.ingest)).toBe(0);
  }, 30_000);

  it('from the command line, leaves a message whose object is gone in the queue, with the reason and exit status 1', async () => {
    const missing = 'raw/event_type=metric/year=2024/month=01/day=15/hour=10/data_gone.json';
    const record = asyncFailureRecord({
      requestId: 'r',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:transformer',
      invokeCount: 3,
      event: s3Event({ bucket: pipeline.stack.rawBucket, key: missing }),
      error: new Error('injected'),
    });
    await pipeline.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: pipeline.stack.dlq.transform, MessageBody: JSON.stringify(record) }),
    );
    const stackFile = stack.writeStackFile();

    const dryRun = await runScript('redrive.ts', [
      '--queue',
      'transform',
      '--dry-run',
      '--stack-file',
      stackFile,
    ]);
    expect(dryRun.output).toContain(`would redrive: s3://${pipeline.stack.rawBucket}/${missing}`);
    expect(dryRun.code).toBe(0);

    const run = await runScript('redrive.ts', [
      '--queue',
      'transform',
      '--attempts',
      '1',
      '--stack-file',
      stackFile,
    ]);
    expect(run.output).toContain(`LEFT IN QUEUE: s3://${pipeline.stack.rawBucket}/${missing}`);
    expect(run.output).toMatch(/reason: could not read s3:\/\/.*data_gone\.json/);
    expect(run.output).toMatch(/left in queue\s+1 \(1 failed: reasons above\)/);
    expect(run.code).toBe(1);
    expect(await queueDepth(pipeline.clients.sqs, pipeline.stack.dlq.transform)).toBe(1);
  }, 30_000);
});
