/**
 * The HTTP exchanges this process makes through node:http, seen on its diagnostics channel:
 * what went over the wire, whatever the SDK's settings say. Requests made over HTTP/2 go
 * through node:http2 and are not seen.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

export interface HttpExchange {
  method: string;
  /** The Host header sent. */
  host: string;
  path: string;
  /** The HTTP version the server answered with. */
  httpVersion: string;
}

const RESPONSE_CHANNEL = 'http.client.response.finish';

export function recordHttpTraffic(): { exchanges: HttpExchange[]; stop(): void } {
  const exchanges: HttpExchange[] = [];
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    exchanges.push({
      method: request.method,
      host: String(request.getHeader('host')),
      path: request.path,
      httpVersion: response.httpVersion,
    });
  };
  subscribe(RESPONSE_CHANNEL, onResponse);
  return { exchanges, stop: () => unsubscribe(RESPONSE_CHANNEL, onResponse) };
}
