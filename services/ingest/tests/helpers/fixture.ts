/**
 * The recipe of fixtures/kinesis-event.json (for `sls invoke local`): a batch of one shard with
 * valid events of every type and several invalid records. `npm run fixtures -w
 * @event-pipeline/ingest` rewrites the file; a unit test checks it still matches this recipe.
 */
import { fileURLToPath } from 'node:url';
import { GENERATED_ERROR_CODES, sampleBatch } from '@event-pipeline/schema';
import type { KinesisStreamEvent } from 'aws-lambda';
import { kinesisEvent } from './factories.js';

export const FIXTURE_PATH = fileURLToPath(new URL('../../fixtures/kinesis-event.json', import.meta.url));

export function buildFixtureEvent(): KinesisStreamEvent {
  const samples = sampleBatch(30, {
    seed: 1,
    invalidFraction: 0.45,
    // A record over 1 MiB cannot travel through Kinesis, so it has no place in a real event.
    invalidCodes: GENERATED_ERROR_CODES.filter((code) => code !== 'too_large'),
  });
  return kinesisEvent(samples);
}

export const fixtureJson = (): string => `${JSON.stringify(buildFixtureEvent(), null, 2)}\n`;
