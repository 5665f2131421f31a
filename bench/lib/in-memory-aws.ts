/**
 * An SDK request handler that answers every call in memory: the client still builds,
 * signs and serialises each request, computes its checksums and parses the response, but
 * nothing touches the network. It measures the handler's own CPU cost, SDK included.
 */
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/protocols';

/** What an answer function sees of a request. */
export interface AwsRequest {
  method: string;
  /** The path, without the query string. */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface AwsAnswer {
  statusCode?: number;
  headers?: Record<string, string>;
  /** A stream is passed on as it is (a large object answered without holding it in memory). */
  body?: string | Uint8Array | Readable;
}

export type Answerer = (request: AwsRequest) => AwsAnswer;

export interface InMemoryHandler {
  handle(request: {
    body?: unknown;
    path: string;
    method: string;
    query?: Record<string, unknown>;
    headers?: Record<string, string>;
  }): Promise<{ response: HttpResponse }>;
  /** Part of the SDK's HttpHandler interface; there is no connection to configure. */
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  readonly calls: number;
  readonly bytesReceived: number;
}

/** Reads a request body to its end (as a server would), returning its length. */
export async function drain(body: unknown): Promise<number> {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>)
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  return bytes;
}

/** Lower-cased header names, as a server receives them. */
function lowerCased(headers: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

export function inMemoryHandler(answer: Answerer = () => ({})): InMemoryHandler {
  let calls = 0;
  let bytesReceived = 0;
  return {
    async handle(request) {
      calls++;
      bytesReceived += await drain(request.body);
      const {
        statusCode = 200,
        headers = {},
        body = '',
      } = answer({
        method: request.method,
        path: request.path,
        query: request.query ?? {},
        headers: lowerCased(request.headers),
      });
      const stream = body instanceof Readable ? body : Readable.from([Buffer.from(body)]);
      const length: Record<string, string> =
        body instanceof Readable ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      return { response: new HttpResponse({ statusCode, headers: { ...length, ...headers }, body: stream }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    get calls() {
      return calls;
    },
    get bytesReceived() {
      return bytesReceived;
    },
  };
}
