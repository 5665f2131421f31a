/** What a handler thread runs (handler-thread.ts): the real handler, invoked as the parent asks. */
import { parentPort } from 'node:worker_threads';
import { emulatorsAt, threadData } from '@event-pipeline/emulators';
import type { Context } from 'aws-lambda';
import { createContext, type LambdaHandler } from '../lambda/function.js';
import type { FromHandlerThread, HandlerThreadData, ToHandlerThread } from './handler-thread.js';
import { handlerClients, ingestHandler, transformHandler } from './handlers.js';

const port = parentPort!;
const post = (message: FromHandlerThread) => port.postMessage(message);
const { fn, environment, endpoints, logLevel } = threadData<HandlerThreadData>();
const clients = handlerClients(emulatorsAt(endpoints));
const build = fn === 'ingest' ? ingestHandler : transformHandler;
const handler = build(environment, clients, logLevel) as LambdaHandler<unknown, unknown>;

async function invoke({ id, event, context }: Extract<ToHandlerThread, { type: 'invoke' }>) {
  const local: Context = createContext(
    {
      name: context.functionName,
      arn: context.invokedFunctionArn,
      memoryMb: Number(context.memoryLimitInMB),
      timeoutMs: context.remainingMs,
    },
    context.awsRequestId as Parameters<typeof createContext>[1],
  );
  try {
    post({ type: 'result', id, response: await handler(event, local) });
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', id, error: { name, message, ...(stack ? { stack } : {}) } });
  }
}

port.on('message', (message: ToHandlerThread) => void invoke(message));
post({ type: 'ready' });
