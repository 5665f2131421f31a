/**
 * Powertools for AWS Lambda: structured JSON logs, EMF metrics and X-Ray tracing, created
 * once per function at cold start and attached to the handler as Middy middlewares.
 *
 * The tracer is loaded only where tracing can be on, from its own chunk of the bundle
 * (config/esbuild.yml splits dynamic imports off). Importing it loads the X-Ray SDK, about
 * 20 ms of CPU (bench/cold-start/import-costs.ts), and with the clients' subsegments a traced
 * cold start takes 30-40 ms more than an untraced one (bench/cold-start); the SDK also
 * installs an async hook that taxes every promise of the process. Powertools turns tracing
 * off outside Lambda anyway, so elsewhere (the local pipeline, tests, benchmarks) that cost
 * would buy nothing. `POWERTOOLS_TRACE_ENABLED=false` keeps it out in Lambda too: Lambda's
 * own Active tracing then records the function's segments, without the SDK calls'.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

export const METRICS_NAMESPACE = 'EventPipeline';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /** Where tracing can be on (see tracingWanted); without it, nothing is traced. */
  tracer?: Tracer;
}

/** The Powertools logger's levels. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What publishing a service's metrics needs of Powertools Metrics. */
export type MetricsSink = Pick<Metrics, 'addMetric'>;

/** A service's metrics by the figure each one reports: its EMF name and unit, in one place. */
export type MetricTable = Readonly<
  Record<string, Readonly<{ name: string; unit: Parameters<MetricsSink['addMetric']>[1] }>>
>;

/** A value for every metric of a table. */
export type MetricFigures<Table extends MetricTable> = { readonly [Key in keyof Table]: number };

/** Adds the metric of each figure given, in the table's order. */
export function publishMetrics<Table extends MetricTable>(
  metrics: MetricsSink,
  table: Table,
  figures: Partial<MetricFigures<Table>>,
): void {
  for (const [key, { name, unit }] of Object.entries(table)) {
    const value = figures[key];
    if (value !== undefined) metrics.addMetric(name, unit, value);
  }
}

export interface ObservabilityOptions {
  /** The logger's level (else POWERTOOLS_LOG_LEVEL, else INFO), e.g. quieter in the local pipeline. */
  logLevel?: LogLevel;
}

/** The logger and metrics; no tracer (createTracedObservability adds it where it can work). */
export function createObservability(serviceName: string, options: ObservabilityOptions = {}): Observability {
  const logger = new Logger({ serviceName, ...(options.logLevel ? { logLevel: options.logLevel } : {}) });
  // Metrics' own warnings (e.g. nothing to publish after a failed invocation) go through the
  // structured logger and its level, not straight to the console.
  return { logger, metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger }) };
}

/**
 * Whether Powertools may turn tracing on here: in a Lambda execution environment
 * (`AWS_EXECUTION_ENV`, which Powertools requires too) unless `POWERTOOLS_TRACE_ENABLED=false`.
 * The Tracer still has the last word (it also stays off under SAM local and Amplify).
 */
export function tracingWanted(env: Record<string, string | undefined> = process.env): boolean {
  return (env.AWS_EXECUTION_ENV ?? '') !== '' && env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false';
}

/** createObservability plus the Powertools Tracer when tracing is wanted, imported only then. */
export async function createTracedObservability(
  serviceName: string,
  options: ObservabilityOptions = {},
  env: Record<string, string | undefined> = process.env,
): Promise<Observability> {
  const observability = createObservability(serviceName, options);
  if (!tracingWanted(env)) return observability;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  // The AWS SDK clients are traced as such (traced()); capturing every HTTP request as well
  // would patch http/https and record each SDK call twice.
  return { ...observability, tracer: new Tracer({ serviceName, captureHTTPsRequests: false }) };
}

/** An AWS SDK v3 client whose calls become X-Ray subsegments when there is a tracer. */
export function traced<Client>(observability: Observability, client: Client): Client {
  return observability.tracer === undefined ? client : observability.tracer.captureAWSv3Client(client);
}

/** The middlewares, outermost first: trace (when there is a tracer), then log context, then flush metrics. */
export function observabilityMiddlewares({ logger, metrics, tracer }: Observability): MiddlewareObj[] {
  return [
    ...(tracer === undefined ? [] : [captureLambdaHandler(tracer, { captureResponse: false })]),
    injectLambdaContext(logger, { clearState: true }),
    logMetrics(metrics, { captureColdStartMetric: true }),
  ] as MiddlewareObj[];
}
