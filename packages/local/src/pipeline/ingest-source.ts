/**
 * The ingest function behind the stream's event source mapping, as Lambda runs it: the real
 * ingest handler, the mapping's settings from its stack (with the run's overrides), and its
 * on-failure destination.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Emulators } from '@event-pipeline/emulators';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  type KinesisMapping,
  type KinesisMappingSettings,
  startKinesisMapping,
} from '../kinesis/event-source-mapping.js';
import type { Destination } from '../lambda/destination.js';
import { type LambdaHandler, localFunction } from '../lambda/function.js';
import { type HandlerClients, handlerClients, ingestHandler, type LogLevel } from './handlers.js';
import type { RunAccounting } from './run-accounting.js';
import type { StreamTrigger } from './triggers.js';

export type IngestHandler = LambdaHandler<KinesisStreamEvent, KinesisStreamBatchResponse | undefined>;

interface IngestSourceOptions {
  emulators: Emulators;
  kinesis: KinesisClient;
  trigger: StreamTrigger;
  settings: KinesisMappingSettings;
  onFailure?: Destination;
  logLevel: LogLevel;
  accounting: RunAccounting;
  pollIntervalMs: number;
  wrap?: (handler: IngestHandler) => IngestHandler;
  decorateClients?: (clients: HandlerClients) => void;
}

export function startIngestSource(options: IngestSourceOptions): Promise<KinesisMapping> {
  const { emulators, trigger, accounting } = options;
  const clients = handlerClients(emulators);
  options.decorateClients?.(clients);
  const real = ingestHandler(trigger.fn.environment, clients, options.logLevel);
  return startKinesisMapping({
    kinesis: options.kinesis,
    stream: {
      name: trigger.streamName,
      streamArn: trigger.streamArn,
      region: emulators.region,
      roleArn: trigger.fn.roleArn,
    },
    fn: localFunction(trigger.fn, options.wrap ? options.wrap(real) : real),
    settings: options.settings,
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    pollIntervalMs: options.pollIntervalMs,
    observer: {
      onInvoke: ({ outcome }) => accounting.ingestInvoked(outcome.kind !== 'success'),
      onCheckpoint: (_shard, records) => accounting.ingested(records),
      onDiscard: (records) => accounting.ingestDeadLettered(records),
    },
  });
}
