/**
 * The stage profiles of config/stages.yml against what issue 14 asks of them, priced by the
 * model at each stage's reference workload (dev 10 events/s, prod 1,000 events/s of 500 B).
 */
import { describe, expect, it } from '@jest/globals';
import {
  type Bill,
  type LineKey,
  lineTotals,
  loadStageSettings,
  MEASURED,
  monthlyBill,
  PRICES,
  PROD_P99_LATENCY_LIMIT_S,
  PROD_PROCESSING_LIMITS_USD,
} from '../../src/index.js';
import { REPO_ROOT } from '../helpers/repo.js';

const usd = (bill: Bill, key: LineKey) => bill.lines.find((entry) => entry.key === key)?.usd ?? 0;
const PROCESSING: LineKey[] = ['lambda', 's3_requests', 'dynamodb', 'cloudwatch'];

describe('the dev profile', () => {
  it("keeps the reference's batch of 100 and 5 s window at 10 events/s", () => {
    const dev = loadStageSettings(REPO_ROOT, 'dev');
    expect(dev.ingest).toMatchObject({ batchSize: 100, batchWindowSeconds: 5 });
    expect(dev.workload).toEqual({ eventsPerSecond: 10, eventBytes: 500 });
  });
});

describe('the prod profile at 1,000 events/s of 500 bytes', () => {
  const settings = loadStageSettings(REPO_ROOT, 'prod');
  const bill = monthlyBill(settings, settings.workload);

  it('prices the reference production workload', () => {
    expect(settings.workload).toEqual({ eventsPerSecond: 1000, eventBytes: 500 });
  });

  it('stays within the event source mapping: batch <= 10,000, window <= 300 s, and the 6 MB payload', () => {
    expect(settings.ingest.batchSize).toBeLessThanOrEqual(10_000);
    expect(settings.ingest.batchWindowSeconds).toBeLessThanOrEqual(300);
    const payloadPerRecord = MEASURED.kinesisRecordOverheadBytes + Math.ceil(500 / 3) * 4;
    expect(settings.ingest.batchSize * payloadPerRecord).toBeLessThanOrEqual(PRICES.lambda.maxPayloadBytes);
    expect(bill.flow.ingest.limitedBy).toBe('batch size');
    expect(bill.warnings).toEqual([]);
  });

  it('batches nearly as much as the payload allows (at least 90 %): S3 requests cannot get much lower', () => {
    const payloadPerRecord = MEASURED.kinesisRecordOverheadBytes + Math.ceil(500 / 3) * 4;
    const fits = Math.floor(PRICES.lambda.maxPayloadBytes / payloadPerRecord);
    expect(settings.ingest.batchSize).toBeGreaterThanOrEqual(0.9 * fits);
  });

  it('waits at most ~60 s before an event is processed, at this rate and at a tenth of it', () => {
    expect(bill.estimatedLatencySeconds).toBeLessThanOrEqual(PROD_P99_LATENCY_LIMIT_S);
    const quiet = monthlyBill(settings, { eventsPerSecond: 100, eventBytes: 500 });
    expect(quiet.flow.ingest.limitedBy).toBe('batching window');
    expect(quiet.estimatedLatencySeconds).toBeLessThanOrEqual(PROD_P99_LATENCY_LIMIT_S);
  });

  it("keeps Lambda and DynamoDB within the reference's lines", () => {
    expect(usd(bill, 'lambda')).toBeLessThanOrEqual(PROD_PROCESSING_LIMITS_USD.lambda);
    expect(usd(bill, 'dynamodb')).toBeLessThanOrEqual(PROD_PROCESSING_LIMITS_USD.dynamodb);
  });

  it('cuts S3 requests, invocations and ledger items over 40 times from the batch of 100', () => {
    const reference = monthlyBill(
      { ...settings, ingest: { ...settings.ingest, batchSize: 100, batchWindowSeconds: 5 } },
      settings.workload,
    );
    expect(usd(reference, 's3_requests') / usd(bill, 's3_requests')).toBeGreaterThan(40);
    expect(reference.flow.ingest.invocations / bill.flow.ingest.invocations).toBeGreaterThan(40);
  });

  it('does not make CloudWatch the biggest line at its log level', () => {
    const biggest = [...bill.lines].sort((a, b) => b.usd - a.usd)[0]!;
    expect(biggest.key).not.toBe('cloudwatch');
    expect(usd(bill, 'cloudwatch')).toBeLessThan(usd(bill, 'kinesis') / 5);
  });

  it("keeps the processing lines under a quarter of Firehose's for the same workload", () => {
    const ours = PROCESSING.reduce((sum, key) => sum + usd(bill, key), 0);
    const firehose = lineTotals(bill.firehose.json.lines);
    const theirs = (firehose.firehose ?? 0) + (firehose.s3_requests ?? 0) + (firehose.cloudwatch ?? 0);
    expect(ours).toBeLessThan(theirs / 4);
  });
});
