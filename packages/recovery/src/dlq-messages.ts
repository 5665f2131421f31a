/**
 * The two kinds of DLQ message, read and checked: the Kinesis event source mapping's
 * on-failure record (kinesis-processor-dlq: the shard and sequence range of a discarded batch,
 * never the records) and Lambda's asynchronous-invocation failure record (s3-transformer-dlq:
 * the original S3 event as `requestPayload`). A message that is neither is named as such,
 * with what is wrong, so that it is left in the queue rather than guessed at.
 */
import type { AsyncFailureRecord, KinesisFailureRecord } from '@event-pipeline/local';
import { isPlainObject } from '@event-pipeline/schema';
import { decodeS3Key } from '@event-pipeline/transform';
import type { S3Event } from 'aws-lambda';

export class DlqMessageError extends Error {
  override name = 'DlqMessageError';
}

/** A batch the ingest mapping gave up on. */
export interface FailedBatch {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
  streamArn: string;
  /** `RetryAttemptsExhausted` or `RecordAgeExceeded`. */
  condition: string;
  /** When the mapping gave up. */
  failedAt: string;
}

/** An S3 notification the transformer failed on, every retry. */
export interface FailedInvocation {
  event: S3Event;
  /** The objects it names, keys decoded. */
  objects: Array<{ bucket: string; key: string }>;
  condition: string;
  failedAt: string;
  /** The last attempt's error, as Lambda recorded it. */
  error: string;
}

const SEQUENCE_NUMBER = /^\d{1,128}$/;
/** The most records a Kinesis event source mapping hands a function at once (its BatchSize limit). */
const MAX_KINESIS_BATCH_SIZE = 10_000;

function parseJson(body: string | undefined, what: string): Record<string, unknown> {
  if (body === undefined || body === '') throw new DlqMessageError(`not ${what}: the message has no body`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new DlqMessageError(`not ${what}: the body is not JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new DlqMessageError(`not ${what}: the body is not a JSON object`);
  return parsed;
}

const KINESIS_RECORD = 'a Kinesis on-failure record';

export function parseIngestFailure(body: string | undefined): FailedBatch {
  const message = parseJson(body, KINESIS_RECORD) as Partial<KinesisFailureRecord>;
  const info = message.KinesisBatchInfo as Record<string, unknown> | undefined;
  if (!isPlainObject(info)) throw new DlqMessageError(`not ${KINESIS_RECORD}: it has no KinesisBatchInfo`);
  const problems: string[] = [];
  const { shardId, startSequenceNumber, endSequenceNumber, batchSize, streamArn } = info;
  if (typeof shardId !== 'string' || shardId === '') problems.push('shardId must be a non-empty string');
  for (const [name, value] of [
    ['startSequenceNumber', startSequenceNumber],
    ['endSequenceNumber', endSequenceNumber],
  ] as const) {
    if (typeof value !== 'string' || !SEQUENCE_NUMBER.test(value))
      problems.push(`${name} must be a string of decimal digits`);
  }
  if (
    typeof batchSize !== 'number' ||
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > MAX_KINESIS_BATCH_SIZE
  )
    problems.push(`batchSize must be an integer within 1..${MAX_KINESIS_BATCH_SIZE}`);
  if (typeof streamArn !== 'string' || !/^arn:[^:]+:kinesis:[^:]*:\d*:stream\/.+/.test(streamArn))
    problems.push('streamArn must be a Kinesis stream ARN');
  if (problems.length === 0 && BigInt(startSequenceNumber as string) > BigInt(endSequenceNumber as string))
    problems.push('startSequenceNumber is after endSequenceNumber');
  if (problems.length > 0)
    throw new DlqMessageError(`not ${KINESIS_RECORD}: KinesisBatchInfo.${problems.join('; ')}`);
  return {
    shardId: shardId as string,
    startSequenceNumber: startSequenceNumber as string,
    endSequenceNumber: endSequenceNumber as string,
    batchSize: batchSize as number,
    streamArn: streamArn as string,
    condition: String(message.requestContext?.condition ?? 'unknown'),
    failedAt: String(message.timestamp ?? 'unknown'),
  };
}

const ASYNC_RECORD = 'an asynchronous invocation failure record with an S3 event';

export function parseTransformFailure(body: string | undefined): FailedInvocation {
  const message = parseJson(body, ASYNC_RECORD) as Partial<AsyncFailureRecord>;
  const payload = message.requestPayload;
  if (!isPlainObject(payload) || !Array.isArray(payload.Records) || payload.Records.length === 0)
    throw new DlqMessageError(`not ${ASYNC_RECORD}: requestPayload.Records must be a non-empty list`);
  const objects = payload.Records.map((record: unknown, index) => {
    const s3 = isPlainObject(record) ? record.s3 : undefined;
    const bucket = isPlainObject(s3) && isPlainObject(s3.bucket) ? s3.bucket.name : undefined;
    const key = isPlainObject(s3) && isPlainObject(s3.object) ? s3.object.key : undefined;
    if (typeof bucket !== 'string' || typeof key !== 'string' || key === '')
      throw new DlqMessageError(
        `not ${ASYNC_RECORD}: requestPayload.Records[${index}] must have s3.bucket.name and s3.object.key`,
      );
    try {
      return { bucket, key: decodeS3Key(key) };
    } catch {
      throw new DlqMessageError(
        `not ${ASYNC_RECORD}: requestPayload.Records[${index}].s3.object.key is not URL-encoded`,
      );
    }
  });
  const response = message.responsePayload as { errorType?: unknown; errorMessage?: unknown } | undefined;
  return {
    event: payload as unknown as S3Event,
    objects,
    condition: String(message.requestContext?.condition ?? 'unknown'),
    failedAt: String(message.timestamp ?? 'unknown'),
    error: `${String(response?.errorType ?? 'Error')}: ${String(response?.errorMessage ?? 'unknown')}`,
  };
}
