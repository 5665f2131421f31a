/** Types of scripts/sls-local-stack.cjs, for its tests (the plugin itself is CommonJS for osls). */
declare class SlsLocalStack {
  constructor(serverless: unknown, options?: unknown, utils?: unknown);
  hooks: Record<'initialize' | 'before:invoke:local:invoke' | 'after:invoke:local:invoke', () => void>;
}

declare namespace SlsLocalStack {
  /** The stack file of docs/architecture.md §7. */
  interface LocalStack {
    region?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    endpoints?: Record<string, string>;
    stream?: string;
    rawBucket?: string;
    processedBucket?: string;
    table?: string;
    dlq?: { ingest?: string; transform?: string };
  }
  type Env = Record<string, string | undefined>;
  interface Missing {
    variable: string;
    field: string;
  }
  interface LocalEnvironment {
    resolved: Record<string, string>;
    sources: Record<string, 'shell' | 'stack file'>;
    target: Record<string, string>;
    targetSource: 'shell' | 'stack file' | undefined;
    missing: Missing[];
  }
  function stackFilePath(env: Env): string;
  function readStackFile(file: string): LocalStack | undefined;
  function localEnvironment(
    environments: Array<Record<string, unknown> | undefined>,
    env: Env,
    stack: LocalStack | undefined,
  ): LocalEnvironment;
  function missingMessage(
    missing: Missing[],
    stack: LocalStack | undefined,
    file: string,
    unreadable?: string,
  ): string;
  function esmLoader(bundleFile: string, handlerName: string): string;
}

export = SlsLocalStack;
