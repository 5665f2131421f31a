/**
 * The same answers as the in-memory handler, served over HTTP on 127.0.0.1 for functions run
 * as deployed bundles in child processes (cold start, memory): they reach it through the
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables, so their code is exactly what ships.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Answerer, drain } from './in-memory-aws.js';

export interface AnswerServer {
  endpoint: string;
  /** Requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

function requestOf(message: IncomingMessage) {
  const url = new URL(message.url ?? '/', 'http://localhost');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return { method: message.method ?? 'GET', path: url.pathname, query, headers };
}

export async function startAnswerServer(answer: Answerer): Promise<AnswerServer> {
  let requests = 0;
  const server = createServer(async (message, response) => {
    requests++;
    try {
      await drain(message);
      const { statusCode = 200, headers = {}, body = '' } = answer(requestOf(message));
      if (body instanceof Readable) {
        response.writeHead(statusCode, headers);
        await pipeline(body, response);
      } else {
        response.writeHead(statusCode, { 'content-length': String(Buffer.byteLength(body)), ...headers });
        response.end(body);
      }
    } catch (error) {
      response.destroy(error as Error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
