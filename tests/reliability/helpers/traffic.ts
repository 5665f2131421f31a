/**
 * The fault run's traffic: valid sample events, with a poison record (an invalid record of the
 * schema generator, its error codes in turn) as every `poisonEvery`-th record.
 */
import { STREAMABLE_ERROR_CODES } from '@event-pipeline/local';
import { generateSamples, type Sample } from '@event-pipeline/schema';

export function faultTraffic(count: number, seed: number, poisonEvery = 1000): Sample[] {
  const valid = generateSamples({ seed, source: 'fault-run' });
  const poison = generateSamples({
    seed: seed + 1,
    invalidFraction: 1,
    invalidCodes: STREAMABLE_ERROR_CODES,
    source: 'fault-run',
  });
  return Array.from(
    { length: count },
    (_, i) => ((i + 1) % poisonEvery === 0 ? poison.next() : valid.next()).value as Sample,
  );
}
