import { Tracer } from '@aws-lambda-powertools/tracer';
import { describe, expect, it } from '@jest/globals';
import {
  createObservability,
  createTracedObservability,
  observabilityMiddlewares,
  publishMetrics,
  traced,
  tracingWanted,
} from '../../src/index.js';

const IN_LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' };

describe('tracingWanted', () => {
  it('is true in a Lambda execution environment, unless tracing is switched off', () => {
    expect(tracingWanted(IN_LAMBDA)).toBe(true);
    expect(tracingWanted({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(tracingWanted({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE' })).toBe(false);
    expect(tracingWanted({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
  });

  it('is false outside Lambda, where Powertools would not trace anyway', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: '' })).toBe(false);
  });
});

describe('createTracedObservability', () => {
  it('adds a Powertools Tracer where tracing is wanted', async () => {
    const observability = await createTracedObservability('ingest', {}, IN_LAMBDA);
    expect(observability.tracer).toBeInstanceOf(Tracer);
    expect(observabilityMiddlewares(observability)).toHaveLength(3);
  });

  it('leaves the tracer out elsewhere: no tracing middleware, clients untouched', async () => {
    const observability = await createTracedObservability('ingest', {}, {});
    expect(observability.tracer).toBeUndefined();
    expect(observabilityMiddlewares(observability)).toHaveLength(2);
    const client = { send: async () => ({}) };
    expect(traced(observability, client)).toBe(client);
  });

  it('gives the logger and metrics createObservability gives', async () => {
    const plain = createObservability('transform', { logLevel: 'ERROR' });
    const withTracing = await createTracedObservability('transform', { logLevel: 'ERROR' }, IN_LAMBDA);
    expect(withTracing.logger.getLevelName()).toBe(plain.logger.getLevelName());
    expect(Object.keys(withTracing).sort()).toEqual(['logger', 'metrics', 'tracer']);
  });
});

describe('createObservability', () => {
  it("sends the metrics' own warnings through the structured logger and its level", async () => {
    const { jest } = await import('@jest/globals');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const quiet = createObservability('ingest', { logLevel: 'SILENT' });
      quiet.metrics.publishStoredMetrics(); // nothing stored: Powertools warns
      expect(warn).not.toHaveBeenCalled();

      const loud = createObservability('ingest', { logLevel: 'WARN' });
      const loggerWarn = jest.spyOn(loud.logger, 'warn');
      loud.metrics.publishStoredMetrics();
      expect(loggerWarn).toHaveBeenCalledWith(expect.stringContaining('No application metrics to publish'));
    } finally {
      warn.mockRestore();
      stdout.mockRestore();
    }
  });
});

describe('publishMetrics', () => {
  const TABLE = {
    received: { name: 'RecordsReceived', unit: 'Count' },
    durationMs: { name: 'BatchDuration', unit: 'Milliseconds' },
    skipped: { name: 'ObjectsSkipped', unit: 'Count' },
  } as const;

  it("adds each given figure under its metric's name and unit, in the table's order", () => {
    const added: unknown[] = [];
    const sink = { addMetric: (...metric: unknown[]) => added.push(metric) } as never;
    publishMetrics(sink, TABLE, { durationMs: 12, received: 3, skipped: undefined });
    expect(added).toEqual([
      ['RecordsReceived', 'Count', 3],
      ['BatchDuration', 'Milliseconds', 12],
    ]);
  });
});
