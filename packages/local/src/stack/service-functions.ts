/**
 * A Lambda function as a service's serverless.yml declares it: its deployed name, timeout,
 * memory, environment and events, with Serverless variables resolved for the stage and the
 * infrastructure stack's exports (`Fn::ImportValue`) answered by the given exports.
 *
 * Superseded by the compiled templates (pipeline/pipeline-stacks.ts): only the recovery tools'
 * and the producer's stage targets still read the Serverless files this way. This file,
 * serverless-variables.ts, template.ts and cloudformation-yaml.ts go once they are moved over.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamTrigger } from '../pipeline/triggers.js';
import { evaluate, IntrinsicError } from './intrinsics.js';
import { readYaml, stageParams, VariableResolver } from './serverless-variables.js';

export interface FunctionDefinition {
  /** The deployed name: `<service>-<stage>-<function>`. */
  name: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  events: Array<Record<string, unknown>>;
  /** Async invocation retries (`maximumRetryAttempts` of the function). */
  maximumRetryAttempts?: number;
  /** The function's async `destinations` (onSuccess/onFailure), resolved. */
  destinations?: Record<string, unknown>;
}

export interface FunctionSource {
  serviceDir: string;
  functionName: string;
  stage: string;
  region: string;
  accountId: string;
  /** The infrastructure stack's exports. */
  exports: Record<string, unknown>;
}

/** The parts of a service's serverless.yml read here (values still hold variables). */
interface ServerlessFile {
  service?: unknown;
  params?: unknown;
  provider?: { environment?: unknown; timeout?: unknown; memorySize?: unknown };
  functions?: Record<
    string,
    {
      name?: unknown;
      timeout?: unknown;
      memorySize?: unknown;
      environment?: unknown;
      events?: unknown[];
      maximumRetryAttempts?: unknown;
      destinations?: unknown;
    }
  >;
}

// Serverless' provider defaults.
const DEFAULT_TIMEOUT_SECONDS = 6;
const DEFAULT_MEMORY_MB = 1024;

export function loadFunctionDefinition(source: FunctionSource): FunctionDefinition {
  const { serviceDir, functionName, stage, region, accountId, exports } = source;
  const file = join(serviceDir, 'serverless.yml');
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const raw = readYaml(file) as ServerlessFile;
  const base = { stage, region, accountId, self: raw as Record<string, unknown>, baseDir: serviceDir };
  const params =
    raw.params === undefined
      ? {}
      : stageParams(new VariableResolver({ ...base, params: {} }).resolveShallow(raw.params), stage);
  const variables = new VariableResolver({ ...base, params });
  const resolve = (value: unknown, where: string) =>
    evaluate(
      variables.resolve(value, `${file} ${where}`),
      {
        ref: (name, at) => {
          if (name === 'AWS::Region') return region;
          if (name === 'AWS::AccountId') return accountId;
          if (name === 'AWS::Partition') return 'aws';
          throw new IntrinsicError(`${at}: Ref ${name} has no local value`);
        },
        getAtt: (id, attribute, at) => {
          throw new IntrinsicError(`${at}: Fn::GetAtt ${id}.${attribute} has no local value`);
        },
        condition: (name, at) => {
          throw new IntrinsicError(`${at}: condition ${name} has no local value`);
        },
        importValue: (name, at) => {
          if (!(name in exports)) throw new IntrinsicError(`${at}: the local stack exports no ${name}`);
          return exports[name];
        },
      },
      `${file} ${where}`,
    );

  const definition = raw.functions?.[functionName];
  if (definition === undefined) throw new Error(`${file} has no function "${functionName}"`);
  const service = String(variables.resolve(raw.service, `${file} service`));
  const provider = raw.provider ?? {};
  const environment = Object.fromEntries(
    Object.entries({
      ...((resolve(provider.environment ?? {}, 'provider.environment') as object) ?? {}),
      ...((resolve(definition.environment ?? {}, `functions.${functionName}.environment`) as object) ?? {}),
    }).map(([key, value]) => [key, String(value)]),
  );
  const number = (value: unknown, fallback: number, where: string) => {
    const resolved = value === undefined ? fallback : Number(resolve(value, where));
    if (!Number.isFinite(resolved)) throw new Error(`${file} ${where} is not a number`);
    return resolved;
  };
  const retries = definition.maximumRetryAttempts;
  let name = `${service}-${stage}-${functionName}`;
  if (definition.name !== undefined)
    name = String(resolve(definition.name, `functions.${functionName}.name`));
  return {
    name,
    timeoutSeconds: number(definition.timeout ?? provider.timeout, DEFAULT_TIMEOUT_SECONDS, 'timeout'),
    memoryMb: number(definition.memorySize ?? provider.memorySize, DEFAULT_MEMORY_MB, 'memorySize'),
    environment,
    events: (definition.events ?? []).map(
      (event: unknown, i: number) =>
        resolve(event, `functions.${functionName}.events[${i}]`) as Record<string, unknown>,
    ),
    ...(retries === undefined ? {} : { maximumRetryAttempts: number(retries, 2, 'maximumRetryAttempts') }),
    ...(definition.destinations === undefined
      ? {}
      : {
          destinations: resolve(definition.destinations, `functions.${functionName}.destinations`) as Record<
            string,
            unknown
          >,
        }),
  };
}

// Serverless' defaults for a stream event.
const STREAM_DEFAULTS = { batchSize: 10, startingPosition: 'TRIM_HORIZON' } as const;

/** The Kinesis `stream` event of a function, with Serverless' defaults. */
export function streamTrigger(fn: FunctionDefinition): Omit<StreamTrigger, 'fn' | 'streamName'> {
  const event = fn.events.find((candidate) => candidate.stream !== undefined)?.stream as
    | Record<string, unknown>
    | undefined;
  if (event === undefined || typeof event !== 'object')
    throw new Error(`function ${fn.name} has no Kinesis stream event`);
  const number = (key: string, fallback: number) =>
    event[key] === undefined ? fallback : Number(event[key]);
  const onFailure = (event.destinations as { onFailure?: unknown } | undefined)?.onFailure;
  const onFailureArn =
    typeof onFailure === 'string' ? onFailure : (onFailure as { arn?: unknown } | undefined)?.arn;
  const position = String(event.startingPosition ?? STREAM_DEFAULTS.startingPosition);
  if (position !== 'LATEST' && position !== 'TRIM_HORIZON')
    throw new Error(
      `function ${fn.name}: startingPosition ${position} is not emulated (LATEST or TRIM_HORIZON)`,
    );
  return {
    streamArn: String(event.arn),
    parallelizationFactor: number('parallelizationFactor', 1),
    settings: {
      batchSize: number('batchSize', STREAM_DEFAULTS.batchSize),
      batchWindowSeconds: number('batchWindow', 0),
      maximumRetryAttempts: number('maximumRetryAttempts', -1),
      maximumRecordAgeSeconds: number('maximumRecordAgeInSeconds', -1),
      bisectBatchOnFunctionError: event.bisectBatchOnFunctionError === true,
      reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
      startingPosition: position,
    },
    ...(typeof onFailureArn === 'string' ? { onFailureArn } : {}),
  };
}
