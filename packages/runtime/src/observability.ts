/**
 * Powertools for AWS Lambda: structured JSON logs, EMF metrics and X-Ray tracing, created
 * once per function at cold start and attached to the handler as Middy middlewares.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

export const METRICS_NAMESPACE = 'EventPipeline';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export interface ObservabilityOptions {
  /** The logger's level (else POWERTOOLS_LOG_LEVEL, else INFO), e.g. quieter in the local pipeline. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

export function createObservability(serviceName: string, options: ObservabilityOptions = {}): Observability {
  return {
    logger: new Logger({ serviceName, ...(options.logLevel ? { logLevel: options.logLevel } : {}) }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}

/** The middlewares, outermost first: trace, then log context, then flush metrics. */
export function observabilityMiddlewares({ logger, metrics, tracer }: Observability): MiddlewareObj[] {
  return [
    captureLambdaHandler(tracer, { captureResponse: false }),
    injectLambdaContext(logger, { clearState: true }),
    logMetrics(metrics, { captureColdStartMetric: true }),
  ] as MiddlewareObj[];
}
