import type { EventOf } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { enrichMetric, enrichTransaction, enrichUserAction } from '../../../src/enrichment/enrich.js';
import { categorize, DEFAULT_THRESHOLDS, thresholdProblems } from '../../../src/enrichment/thresholds.js';
import { rawLineOf } from '../../helpers/factories.js';

const transaction = (amount: number) => rawLineOf('transaction', { amount }) as EventOf<'transaction'>;
const userAction = (seconds: number) =>
  rawLineOf('user_action', { session_duration: seconds }) as EventOf<'user_action'>;
const metric = (value: number) => rawLineOf('metric', { value }) as EventOf<'metric'>;

describe('transaction amount boundaries (docs/architecture.md §5 defaults)', () => {
  it.each([
    [9.99, 'micro', false],
    [10, 'small', false],
    [99.99, 'small', false],
    [100, 'medium', false],
    [999.99, 'medium', false],
    [1000, 'large', false],
    [1000.01, 'large', true],
  ])('amount %p is %s, high value: %p', (amount, category, highValue) => {
    const enriched = enrichTransaction(transaction(amount), DEFAULT_THRESHOLDS.transaction);
    expect(enriched.amount_category).toBe(category);
    expect(enriched.is_high_value).toBe(highValue);
  });
});

describe('session duration boundaries', () => {
  it.each([
    [59, 'short'],
    [60, 'medium'],
    [599, 'medium'],
    [600, 'long'],
  ])('session of %p s is %s', (seconds, category) => {
    expect(enrichUserAction(userAction(seconds), DEFAULT_THRESHOLDS.session).session_duration_category).toBe(
      category,
    );
  });
});

describe('metric value boundaries', () => {
  it.each([
    [-0.01, 'negative', true],
    [0, 'low', false],
    [49.99, 'low', false],
    [50, 'normal', false],
    [99.99, 'normal', false],
    [100, 'high', false],
    [200, 'high', false],
    [200.01, 'high', true],
  ])('value %p is %s, anomaly: %p', (value, range, anomaly) => {
    const enriched = enrichMetric(metric(value), DEFAULT_THRESHOLDS.metric);
    expect(enriched.value_range).toBe(range);
    expect(enriched.is_anomaly).toBe(anomaly);
  });
});

describe('injected thresholds', () => {
  it('moves every boundary with the configuration', () => {
    const t = {
      transaction: { smallFrom: 5, mediumFrom: 50, largeFrom: 500, highValueAbove: 250 },
      session: { mediumFrom: 30, longFrom: 300 },
      metric: { lowFrom: -10, normalFrom: 10, highFrom: 20, anomalyBelow: -5, anomalyAbove: 25 },
    };
    expect(enrichTransaction(transaction(5), t.transaction)).toMatchObject({
      amount_category: 'small',
      is_high_value: false,
    });
    expect(enrichTransaction(transaction(250.5), t.transaction)).toMatchObject({
      amount_category: 'medium',
      is_high_value: true,
    });
    expect(enrichUserAction(userAction(30), t.session).session_duration_category).toBe('medium');
    expect(enrichMetric(metric(-6), t.metric)).toMatchObject({ value_range: 'low', is_anomaly: true });
    expect(enrichMetric(metric(-10.5), t.metric)).toMatchObject({
      value_range: 'negative',
      is_anomaly: true,
    });
    expect(enrichMetric(metric(25), t.metric)).toMatchObject({ value_range: 'high', is_anomaly: false });
  });

  it('refuses thresholds whose categories would overlap', () => {
    expect(thresholdProblems(DEFAULT_THRESHOLDS)).toEqual([]);
    const problems = thresholdProblems({
      ...DEFAULT_THRESHOLDS,
      transaction: { ...DEFAULT_THRESHOLDS.transaction, mediumFrom: 10 },
      metric: { ...DEFAULT_THRESHOLDS.metric, anomalyBelow: 300 },
    });
    expect(problems).toEqual([
      'transaction amount thresholds must be strictly ascending, got 10 < 10 < 1000',
      'metric anomaly bounds must satisfy below <= above, got 300 > 200',
    ]);
  });
});

describe('categorize', () => {
  it('puts a value equal to a bound in the upper category', () => {
    expect(categorize(1, [1, 2], ['a', 'b', 'c'])).toBe('b');
    expect(categorize(0.999, [1, 2], ['a', 'b', 'c'])).toBe('a');
    expect(categorize(2, [1, 2], ['a', 'b', 'c'])).toBe('c');
  });
});
