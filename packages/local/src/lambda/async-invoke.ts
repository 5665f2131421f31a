/**
 * Lambda's asynchronous invocation, as S3 notifications use it: events are queued and run
 * concurrently; a function error is retried twice (by default) after a delay, and an event
 * that still fails goes to the on-failure destination as an invocation record in AWS's
 * format (`requestContext`, `requestPayload`, `responseContext`, `responsePayload`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Destination } from './destination.js';
import { invoke, type LocalFunction } from './function.js';

export interface AsyncFailureRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError: 'Unhandled' };
  responsePayload: { errorType: string; errorMessage: string; trace: string[] };
}

export function asyncFailureRecord(input: {
  requestId: string;
  functionArn: string;
  invokeCount: number;
  event: unknown;
  error: Error;
  now?: Date;
}): AsyncFailureRecord {
  return {
    version: '1.0',
    timestamp: (input.now ?? new Date()).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: input.event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: input.error.name,
      errorMessage: input.error.message,
      trace: (input.error.stack ?? '').split('\n').filter((line) => line !== ''),
    },
  };
}

interface AsyncInvokeObserver {
  onSuccess?(event: unknown, attempt: number, durationMs: number): void;
  onFailure?(event: unknown, attempt: number, error: Error): void;
  onDeadLetter?(event: unknown, record: AsyncFailureRecord): void;
  onError?(error: Error): void;
}

interface AsyncInvokerOptions<E> {
  fn: LocalFunction<E, unknown>;
  /** Retries after the first attempt (Lambda's MaximumRetryAttempts for async invokes, 0-2). */
  maximumRetryAttempts: number;
  /**
   * Wait before the n-th retry. Lambda waits about 1 then 2 minutes; locally a second or two
   * keeps the same order of events without holding a run up for minutes.
   */
  retryDelayMs?: (retry: number) => number;
  /** Invocations running at once (Lambda's concurrency). */
  concurrency?: number;
  onFailure?: Destination;
  observer?: AsyncInvokeObserver;
}

export interface AsyncInvoker<E> {
  /** Queues an event (InvocationType Event): returns at once. */
  invoke(event: E): void;
  /** Events queued, running or waiting for a retry. */
  pending(): number;
  /** Resolves once nothing is pending. */
  drain(): Promise<void>;
}

export function createAsyncInvoker<E>(options: AsyncInvokerOptions<E>): AsyncInvoker<E> {
  const { fn, maximumRetryAttempts, onFailure, observer = {} } = options;
  const retryDelayMs = options.retryDelayMs ?? ((retry: number) => 1000 * retry);
  const concurrency = options.concurrency ?? 8;
  const queue: Array<{ event: E; attempt: number }> = [];
  let running = 0;
  let waiting = 0;
  let idleWaiters: Array<() => void> = [];

  const pending = () => queue.length + running + waiting;
  const settle = () => {
    if (pending() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  async function deadLetter(event: E, requestId: string, attempt: number, error: Error) {
    const record = asyncFailureRecord({ requestId, functionArn: fn.arn, invokeCount: attempt, event, error });
    for (let tries = 1; onFailure !== undefined; tries++) {
      try {
        await onFailure.send(record);
        break;
      } catch (sendError) {
        observer.onError?.(sendError as Error);
        await sleep(Math.min(5000, 100 * tries));
      }
    }
    observer.onDeadLetter?.(event, record);
  }

  async function run(event: E, attempt: number) {
    const result = await invoke(fn, event);
    if (result.ok) {
      observer.onSuccess?.(event, attempt, result.durationMs);
      return;
    }
    observer.onFailure?.(event, attempt, result.error);
    if (attempt > maximumRetryAttempts) {
      await deadLetter(event, result.requestId, attempt, result.error);
      return;
    }
    waiting++;
    setTimeout(() => {
      waiting--;
      queue.push({ event, attempt: attempt + 1 });
      pump();
    }, retryDelayMs(attempt));
  }

  function pump() {
    while (running < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      running++;
      run(next.event, next.attempt)
        .catch((error: unknown) => observer.onError?.(error as Error))
        .finally(() => {
          running--;
          pump();
          settle();
        });
    }
    settle();
  }

  return {
    invoke(event) {
      queue.push({ event, attempt: 1 });
      pump();
    },
    pending,
    drain: () =>
      pending() === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
  };
}
