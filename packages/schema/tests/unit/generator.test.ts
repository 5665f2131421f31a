import { describe, expect, it } from '@jest/globals';
import {
  GENERATED_ERROR_CODES,
  generateSamples,
  type PipelineEvent,
  sampleBatch,
  validate,
} from '../../src/index.js';

const validOf = (count: number, seed = 7): PipelineEvent[] =>
  sampleBatch(count, { seed }).flatMap((s) => (s.valid ? [s.event] : []));

function categories(events: PipelineEvent[]): Set<string> {
  const seen = new Set<string>();
  for (const e of events) {
    switch (e.event_type) {
      case 'transaction': {
        const a = e.data.amount;
        seen.add(a < 10 ? 'micro' : a < 100 ? 'small' : a < 1000 ? 'medium' : 'large');
        if (a > 1000) seen.add('high_value');
        if (a === 1000) seen.add('large_not_high_value');
        break;
      }
      case 'user_action': {
        const d = e.data.session_duration;
        seen.add(d < 60 ? 'short' : d < 600 ? 'session_medium' : 'long');
        break;
      }
      case 'metric': {
        const v = e.data.value;
        seen.add(v < 0 ? 'negative' : v < 50 ? 'low' : v < 100 ? 'normal' : 'high');
        if (v < 0 || v > 200) seen.add('anomaly');
        if (v > 100 && v <= 200) seen.add('high_not_anomaly');
        break;
      }
      case 'system_event':
        seen.add(`level_${e.data.level}`);
        break;
    }
  }
  return seen;
}

describe('sample generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const bytesOf = (seed: number) =>
      sampleBatch(50, { seed, invalidFraction: 0.2 }).map((s) => s.bytes.toString('base64'));
    expect(bytesOf(1)).toEqual(bytesOf(1));
    expect(bytesOf(1)).not.toEqual(bytesOf(2));
  });

  it('produces 10,000 events that all validate, as the events they claim to be', () => {
    const samples = sampleBatch(10_000, { seed: 11 });
    for (const sample of samples) {
      const result = validate(sample.bytes);
      expect(result).toEqual({ ok: true, event: sample.valid ? sample.event : undefined });
    }
  });

  it('reaches every enrichment category and every system_event level', () => {
    const seen = categories(validOf(10_000));
    for (const category of [
      'micro',
      'small',
      'medium',
      'large',
      'high_value',
      'large_not_high_value',
      'short',
      'session_medium',
      'long',
      'negative',
      'low',
      'normal',
      'high',
      'anomaly',
      'high_not_anomaly',
      'level_DEBUG',
      'level_INFO',
      'level_WARN',
      'level_ERROR',
      'level_CRITICAL',
    ]) {
      expect(seen).toContain(category);
    }
  });

  it('gives every valid event a unique event_id and spreads partition keys', () => {
    const events = validOf(5_000);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    const types = new Set(events.map((e) => e.event_type));
    expect(types.size).toBe(4);
  });

  it('mixes in the asked fraction of invalid records, of every error code, each failing with its code', () => {
    const samples = sampleBatch(4_000, { seed: 3, invalidFraction: 0.25 });
    const invalid = samples.filter((s) => !s.valid);
    expect(invalid.length / samples.length).toBeGreaterThan(0.22);
    expect(invalid.length / samples.length).toBeLessThan(0.28);
    const codes = new Set<string>();
    for (const sample of invalid) {
      if (sample.valid) continue;
      const result = validate(sample.bytes);
      expect(result.ok ? 'valid' : result.error.code).toBe(sample.code);
      codes.add(sample.code);
    }
    expect([...codes].sort()).toEqual([...GENERATED_ERROR_CODES].sort());
  });

  it('restricts invalid records to the given codes', () => {
    const samples = sampleBatch(500, { invalidFraction: 1, invalidCodes: ['bad_value', 'not_json'] });
    expect(new Set(samples.map((s) => (s.valid ? 'valid' : s.code)))).toEqual(
      new Set(['bad_value', 'not_json']),
    );
  });

  it('stamps events with the clock it is given', () => {
    const [first] = sampleBatch(1, { clock: () => new Date('2030-05-06T07:08:09.000Z') });
    expect(first?.valid && first.event.timestamp).toBe('2030-05-06T07:08:09.000Z');
  });

  it('refuses a fraction outside 0..1', () => {
    expect(() => generateSamples({ invalidFraction: 1.5 }).next()).toThrow(
      'invalidFraction must be within 0..1, got 1.5',
    );
  });
});
