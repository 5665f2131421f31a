/**
 * How every service is built. Its `createHandler` takes injected clients and configuration
 * (ServiceDependencies), so that the Lambda entry, the local pipeline and the tests run the
 * same code, and starts from the same parts (serviceParts); its Lambda entry is one line
 * (lambdaEntry). Someone who knows one service then knows how the others are put together.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { clientSettings, unsignedS3Payloads } from './aws-clients.js';
import { errorLogger } from './middleware/error-handler.js';
import {
  createObservability,
  createTracedObservability,
  type Observability,
  observabilityMiddlewares,
  traced,
} from './observability.js';
import { mapStackTracesLazily } from './stack-traces.js';

/** What a service's handler is built from. */
export interface ServiceDependencies<Config> {
  config: Config;
  s3: S3Client;
  /** A DocumentClient (`DynamoDBDocumentClient.from(new DynamoDBClient(...))`). */
  dynamodb: DynamoDBDocumentClient;
  /** Powertools logger, metrics and tracer; created from `config.serviceName` when omitted. */
  observability?: Observability;
  /** The clock, for the times the service records and its durations only: never for object names. */
  now?: () => Date;
}

/** The parts every service's handler starts from. */
export interface ServiceParts {
  observability: Observability;
  now: () => Date;
  /** A Middy handler with Powertools' middlewares (tracing, log context, metrics) and the error logger. */
  middy<Event, Result>(): MiddyfiedHandler<Event, Result, Error, Context>;
}

export function serviceParts(deps: ServiceDependencies<{ serviceName: string }>): ServiceParts {
  const observability = deps.observability ?? createObservability(deps.config.serviceName);
  return {
    observability,
    now: deps.now ?? (() => new Date()),
    middy: <Event, Result>() =>
      middy<Event, Result>()
        .use(observabilityMiddlewares(observability))
        .use(errorLogger(observability.logger)),
  };
}

/**
 * A service's Lambda entry: stack traces source-mapped when one is first read (not at every
 * cold start: mapStackTracesLazily), its configuration read from the environment and checked
 * once at cold start (a bad setting fails the init with a message naming it), Powertools (the
 * Tracer only where tracing can be on), and the S3 and DynamoDB clients built once, traced,
 * and reused by every invocation.
 */
export async function lambdaEntry<Config extends { serviceName: string }, Handler>(
  loadConfig: (env: NodeJS.ProcessEnv) => Config,
  createHandler: (deps: ServiceDependencies<Config> & { observability: Observability }) => Handler,
): Promise<Handler> {
  mapStackTracesLazily();
  const config = loadConfig(process.env);
  const observability = await createTracedObservability(config.serviceName);
  return createHandler({
    config,
    observability,
    s3: traced(observability, unsignedS3Payloads(new S3Client(clientSettings('S3')))),
    dynamodb: DynamoDBDocumentClient.from(
      traced(observability, new DynamoDBClient(clientSettings('DYNAMODB'))),
    ),
  });
}
