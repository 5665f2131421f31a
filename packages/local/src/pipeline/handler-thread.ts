/**
 * A function's real handler in a worker thread of its own (docs/architecture.md §7), with its
 * own SDK clients: its requests' serialisation and signing, and its own work, off the thread
 * that runs the event sources. The event sources call it as any handler; the invocation, its
 * context (the same request id and remaining time) and its outcome cross between the threads.
 */
import { type Emulators, startTsWorker } from '@event-pipeline/emulators';
import type { Context } from 'aws-lambda';
import type { LambdaHandler } from '../lambda/function.js';
import type { LogLevel } from './handlers.js';

export type ThreadedFunction = 'ingest' | 'transform';

export interface HandlerThreadData {
  fn: ThreadedFunction;
  /** The function's environment, as its compiled template sets it. */
  environment: Record<string, string>;
  endpoints: Emulators['endpoints'];
  logLevel: LogLevel;
}

/** What the thread needs of the caller's context to make its own. */
export interface ContextFields {
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  remainingMs: number;
}

export type ToHandlerThread = { type: 'invoke'; id: number; event: unknown; context: ContextFields };
export type FromHandlerThread =
  | { type: 'ready' }
  | { type: 'result'; id: number; response: unknown }
  | { type: 'error'; id: number; error: { name: string; message: string; stack?: string } };

const MAIN = new URL('./handler-thread-main.ts', import.meta.url);

export interface HandlerThread<E, R> {
  handler: LambdaHandler<E, R>;
  stop(): Promise<void>;
}

/** Starts the thread and waits for its handler to be built (its modules loaded: its cold start). */
export async function startHandlerThread<E, R>(data: HandlerThreadData): Promise<HandlerThread<E, R>> {
  const worker = startTsWorker(MAIN, data);
  const calls = new Map<number, { resolve(response: R): void; reject(error: Error): void }>();
  let nextId = 0;
  let gone: Error | undefined;
  const fail = (error: Error) => {
    gone = error;
    for (const call of calls.values()) call.reject(error);
    calls.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromHandlerThread) => {
      if (message.type === 'ready') return resolve();
      const call = calls.get(message.id);
      calls.delete(message.id);
      if (message.type === 'result') call?.resolve(message.response as R);
      else call?.reject(Object.assign(new Error(message.error.message), message.error));
    });
    worker.on('error', (error) => {
      reject(error);
      fail(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the ${data.fn} handler thread exited with code ${code}`);
      reject(error);
      fail(error);
    });
  });
  const handler = (event: E, context: Context) =>
    new Promise<R>((resolve, reject) => {
      if (gone !== undefined) return reject(gone);
      const id = nextId++;
      calls.set(id, { resolve, reject });
      const fields: ContextFields = {
        functionName: context.functionName,
        invokedFunctionArn: context.invokedFunctionArn,
        memoryLimitInMB: context.memoryLimitInMB,
        awsRequestId: context.awsRequestId,
        remainingMs: context.getRemainingTimeInMillis(),
      };
      worker.postMessage({ type: 'invoke', id, event, context: fields } satisfies ToHandlerThread);
    });
  return {
    handler,
    async stop() {
      await worker.terminate();
    },
  };
}
