import type { MiddlewareObj } from '@middy/core';

interface ErrorLogger {
  error(message: string, ...extra: unknown[]): void;
}

/**
 * Logs an invocation's unhandled error once, with its context, then lets it propagate: the
 * event source (Kinesis mapping retries, async invoke retries and DLQ) must see the failure.
 * Errors are never turned into a success response here.
 */
export function errorLogger(logger: ErrorLogger): MiddlewareObj {
  return {
    onError: async (request) => {
      const error = request.error;
      logger.error('invocation failed', error instanceof Error ? error : { error: String(error) });
    },
  };
}
