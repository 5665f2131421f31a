/**
 * Whether the local stack a stack file names is running: a stack stopped without removing its
 * file (a killed `npm start`) leaves ports nothing listens on, and every part of the status
 * would fail alike. One cheap call says so in one line instead.
 */
import { ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { StackTarget } from '@event-pipeline/cli';

export async function checkLocalStack(
  target: StackTarget,
  stackFile: string,
  startCommand: string,
): Promise<void> {
  try {
    await target.clients.kinesis.send(
      new ListShardsCommand({ StreamName: target.stream.name, MaxResults: 1 }),
    );
  } catch (error) {
    throw new Error(
      `the local stack of ${stackFile} does not answer (${(error as Error).message}): start it first: ${startCommand}`,
    );
  }
}
