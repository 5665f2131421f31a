/**
 * The functions' Powertools instances as their Lambda entries create them
 * (createTracedObservability: logger at its default level, EMF metrics flushed on every
 * invocation, the tracer where tracing is on), with their output sent nowhere: every
 * formatting and serialising step still runs, only the bytes are not written to the terminal.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { createTracedObservability, type Observability } from '@event-pipeline/runtime';

const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
const silentConsole = new Console({ stdout: nowhere, stderr: nowhere });

export async function benchObservability(serviceName: string): Promise<Observability> {
  const observability = await createTracedObservability(serviceName);
  // Both write through a `console` they create for process.stdout; theirs is private in the types.
  for (const instance of [observability.logger, observability.metrics])
    (instance as unknown as { console: Console }).console = silentConsole;
  return observability;
}
