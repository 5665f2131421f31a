/**
 * The event sources of the two functions, read from their serverless.yml as deployed: the
 * ingest function's Kinesis `stream` event (batch size, window, retries, bisect, partial
 * batch responses, on-failure destination) and the transformer's `s3` event (bucket, event,
 * prefix/suffix rules) with its async `maximumRetryAttempts` and `destinations.onFailure`.
 */
import type { KinesisMappingSettings } from '../kinesis/event-source-mapping.js';
import type { NotificationFilter } from '../s3/notifications.js';
import type { FunctionDefinition } from '../stack/service-functions.js';

// Serverless' defaults for a stream event.
const STREAM_DEFAULTS = { batchSize: 10, startingPosition: 'TRIM_HORIZON' } as const;
// Lambda's default for asynchronous invocations.
const ASYNC_RETRY_DEFAULT = 2;

function destinationArn(destinations: unknown): string | undefined {
  const onFailure = (destinations as { onFailure?: unknown } | undefined)?.onFailure;
  if (typeof onFailure === 'string') return onFailure;
  const arn = (onFailure as { arn?: unknown } | undefined)?.arn;
  return typeof arn === 'string' ? arn : undefined;
}

export interface StreamTrigger {
  streamArn: string;
  settings: KinesisMappingSettings;
  parallelizationFactor: number;
  onFailureArn?: string;
}

export function streamTrigger(fn: FunctionDefinition): StreamTrigger {
  const event = fn.events.find((candidate) => candidate.stream !== undefined)?.stream as
    | Record<string, unknown>
    | undefined;
  if (event === undefined || typeof event !== 'object')
    throw new Error(`function ${fn.name} has no Kinesis stream event`);
  const number = (key: string, fallback: number) =>
    event[key] === undefined ? fallback : Number(event[key]);
  const onFailureArn = destinationArn(event.destinations);
  const position = String(event.startingPosition ?? STREAM_DEFAULTS.startingPosition);
  if (position !== 'LATEST' && position !== 'TRIM_HORIZON')
    throw new Error(
      `function ${fn.name}: startingPosition ${position} is not emulated (LATEST or TRIM_HORIZON)`,
    );
  return {
    streamArn: String(event.arn),
    parallelizationFactor: number('parallelizationFactor', 1),
    settings: {
      batchSize: number('batchSize', STREAM_DEFAULTS.batchSize),
      batchWindowSeconds: number('batchWindow', 0),
      maximumRetryAttempts: number('maximumRetryAttempts', -1),
      maximumRecordAgeSeconds: number('maximumRecordAgeInSeconds', -1),
      bisectBatchOnFunctionError: event.bisectBatchOnFunctionError === true,
      reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
      startingPosition: position,
    },
    ...(onFailureArn === undefined ? {} : { onFailureArn }),
  };
}

export interface BucketTrigger {
  bucket: string;
  filter: NotificationFilter;
  maximumRetryAttempts: number;
  onFailureArn?: string;
}

export function bucketTrigger(fn: FunctionDefinition): BucketTrigger {
  const event = fn.events.find((candidate) => candidate.s3 !== undefined)?.s3 as
    | Record<string, unknown>
    | undefined;
  if (event === undefined || typeof event !== 'object')
    throw new Error(`function ${fn.name} has no s3 event`);
  const rules = (event.rules ?? []) as Array<{ prefix?: string; suffix?: string }>;
  const prefix = rules.find((rule) => rule.prefix !== undefined)?.prefix;
  const suffix = rules.find((rule) => rule.suffix !== undefined)?.suffix;
  const onFailureArn = destinationArn(fn.destinations);
  return {
    bucket: String(event.bucket),
    filter: {
      event: String(event.event ?? 's3:ObjectCreated:*'),
      ...(prefix === undefined ? {} : { prefix }),
      ...(suffix === undefined ? {} : { suffix }),
    },
    maximumRetryAttempts: fn.maximumRetryAttempts ?? ASYNC_RETRY_DEFAULT,
    ...(onFailureArn === undefined ? {} : { onFailureArn }),
  };
}
