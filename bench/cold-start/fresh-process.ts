/**
 * One invocation of a bundled function in a fresh `node` process (first-invoke.mjs), as
 * Lambda's runtime starts one: the deployed NODE_OPTIONS, the function's environment, its
 * AWS calls sent to `AWS_ENDPOINT_URL_*`.
 */
import { fileURLToPath } from 'node:url';
import { runNode } from '../lib/child.js';
import { handlerNodeOptions } from '../lib/deployed-function.js';

const HARNESS = fileURLToPath(new URL('./first-invoke.mjs', import.meta.url));

/**
 * The ingest and transform functions' flags, as their serverless.yml files set them (no
 * `--enable-source-maps`: lambdaEntry maps a stack trace when one is read).
 */
export const DEPLOYED_NODE_OPTIONS = handlerNodeOptions(fileURLToPath(new URL('../..', import.meta.url)));

export interface FirstInvoke {
  /** Importing the bundle: Lambda's init. */
  loadMs: number;
  /** The first event, from call to answer. */
  invokeMs: number;
  /** CPU time (user and system, all threads) of the import and the first event. */
  cpuMs: number;
  /** From the process's start to the answer (Node's boot included). */
  sinceProcessStartMs: number;
  /** Peak resident set size of the process. */
  maxRssMb: number;
}

export function firstInvoke(options: {
  bundleFile: string;
  eventFile: string;
  env: Record<string, string>;
  label: string;
  /** The deployed ones unless given. */
  nodeOptions?: string;
}): Promise<FirstInvoke> {
  return runNode<FirstInvoke>({
    args: [HARNESS, options.bundleFile, options.eventFile],
    env: options.env,
    nodeOptions: options.nodeOptions ?? DEPLOYED_NODE_OPTIONS,
    label: options.label,
  });
}

/** Where the functions' AWS calls go, with the settings and credentials every function gets. */
export function functionEnvironment(endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'EventPipeline',
  };
}
