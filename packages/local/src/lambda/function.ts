/**
 * A Lambda function as the local event sources see it: a handler called in-process with a
 * Lambda-like context, one invocation at a time per caller, bounded by the function timeout.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Any handler shape `createHandler` returns (Middy or plain async). */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R> | R;

export interface LocalFunction<E, R> {
  name: string;
  arn: string;
  timeoutMs: number;
  memoryMb: number;
  handler: LambdaHandler<E, R>;
}

export function functionArn(name: string, region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

/** A function of a service's stack, as this machine's event sources call it. */
export function localFunction<E, R>(
  spec: { name: string; arn: string; timeoutSeconds: number; memoryMb: number },
  handler: LambdaHandler<E, R>,
): LocalFunction<E, R> {
  return {
    name: spec.name,
    arn: spec.arn,
    timeoutMs: spec.timeoutSeconds * 1000,
    memoryMb: spec.memoryMb,
    handler,
  };
}

class FunctionTimeoutError extends Error {
  override name = 'Sandbox.Timedout';
}

/** The context object Lambda passes to a Node.js handler, with a real remaining-time clock. */
export function createContext(
  fn: Omit<LocalFunction<unknown, unknown>, 'handler'>,
  requestId = randomUUID(),
): Context {
  const deadline = Date.now() + fn.timeoutMs;
  const fail = (): never => {
    throw new Error('callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

type InvocationResult<R> =
  | { ok: true; requestId: string; response: R; durationMs: number }
  | { ok: false; requestId: string; error: Error; durationMs: number };

/**
 * Invokes `fn` once. A thrown error or a timeout is a function error, as Lambda reports it;
 * the result never rejects.
 */
export async function invoke<E, R>(fn: LocalFunction<E, R>, event: E): Promise<InvocationResult<R>> {
  const requestId = randomUUID();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new FunctionTimeoutError(`Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`),
          ),
        fn.timeoutMs,
      );
    });
    const response = await Promise.race([
      Promise.resolve().then(() => fn.handler(event, createContext(fn, requestId))),
      timeout,
    ]);
    return { ok: true, requestId, response, durationMs: performance.now() - started };
  } catch (error) {
    const asError = error instanceof Error ? error : new Error(String(error));
    return { ok: false, requestId, error: asError, durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
