/**
 * What a service's serverless.yml deploys a function with, read from the file itself so that a
 * benchmark runs it the same way: its NODE_OPTIONS (the function's own, else the provider's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCloudFormationYaml } from '@event-pipeline/infra';

interface ServerlessFile {
  provider?: { environment?: Record<string, unknown> };
  functions?: Record<string, { environment?: Record<string, unknown> }>;
}

export function deployedNodeOptions(rootDir: string, service: string, fn: string): string {
  const file = join(rootDir, 'services', service, 'serverless.yml');
  const parsed = parseCloudFormationYaml(readFileSync(file, 'utf8'), file) as ServerlessFile;
  const options =
    parsed.functions?.[fn]?.environment?.NODE_OPTIONS ?? parsed.provider?.environment?.NODE_OPTIONS;
  if (typeof options !== 'string') throw new Error(`${file}: no NODE_OPTIONS for ${fn}`);
  return options;
}

/**
 * The NODE_OPTIONS of the ingest and transform functions, which the CPU and cold-start benches
 * run them with. One value: the CPU bench runs both handlers in one process.
 */
export function handlerNodeOptions(rootDir: string): string {
  const ingest = deployedNodeOptions(rootDir, 'ingest', 'processor');
  const transform = deployedNodeOptions(rootDir, 'transform', 'transformer');
  if (ingest !== transform)
    throw new Error(
      `the ingest and transform functions are deployed with different NODE_OPTIONS ('${ingest}', '${transform}'): the CPU bench runs both in one process`,
    );
  return ingest;
}
