/** Builders for the transformer's inputs: raw lines as ingest writes them and S3 notifications. */

import { lambdaContext as contextOf, SHARD_ID, sequenceNumber } from '@event-pipeline/runtime/testing';
import {
  type GeneratorOptions,
  type KinesisMetadata,
  type PipelineEvent,
  type RawLine,
  sampleBatch,
} from '@event-pipeline/schema';
import type { Context } from 'aws-lambda';
import type { TransformConfig } from '../../src/config.js';
import { DEFAULT_THRESHOLDS } from '../../src/enrichment/thresholds.js';

export const RAW_BUCKET = 'event-pipeline-test-raw';
export const PROCESSED_BUCKET = 'event-pipeline-test-processed';
export const LEDGER_TABLE = 'event-pipeline-test-metadata';

export const testConfig = (): TransformConfig => ({
  processedBucket: PROCESSED_BUCKET,
  ledgerTable: LEDGER_TABLE,
  thresholds: DEFAULT_THRESHOLDS,
  serviceName: 'transform-test',
});

export function kinesisMetadata(index: number, partitionKey: string, event: PipelineEvent): KinesisMetadata {
  return {
    shard_id: SHARD_ID,
    sequence_number: sequenceNumber(index),
    partition_key: partitionKey,
    approximate_arrival_timestamp: Date.parse(event.timestamp) / 1000 + 0.25,
  };
}

/** `count` valid raw lines from the deterministic sample generator. */
export function rawLines(count: number, options: GeneratorOptions = {}): RawLine[] {
  return sampleBatch(count, { seed: 7, ...options, invalidFraction: 0 }).map((sample, index) => {
    if (!sample.valid) throw new Error('unreachable: invalidFraction is 0');
    return { ...sample.event, kinesis_metadata: kinesisMetadata(index, sample.partitionKey, sample.event) };
  });
}

/** A raw line of one event type, with its data overridden. */
export function rawLineOf<T extends PipelineEvent['event_type']>(
  eventType: T,
  data: Record<string, unknown> = {},
  overrides: Partial<Pick<PipelineEvent, 'timestamp' | 'event_id' | 'source'>> = {},
): RawLine {
  const line = rawLines(200).find((candidate) => candidate.event_type === eventType);
  if (line === undefined) throw new Error(`no sample of type ${eventType}`);
  return { ...line, ...overrides, data: { ...line.data, ...data } } as RawLine;
}

/** A JSON Lines body, newline-terminated like ingest writes it. */
export function jsonLines(lines: readonly unknown[]): string {
  return lines
    .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
    .join('\n')
    .concat('\n');
}

export const lambdaContext = (): Context => contextOf('event-pipeline-transform-test-transformer');
