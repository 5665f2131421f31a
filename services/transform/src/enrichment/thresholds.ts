/**
 * The enrichment thresholds (docs/architecture.md §5). These defaults are the one place the numbers
 * live: the function's configuration (config.ts) only overrides them per deployment.
 * Each `*From` is the inclusive lower bound of its category; the category below it ends
 * just under that value.
 */
export interface Thresholds {
  transaction: {
    /** micro < smallFrom <= small < mediumFrom <= medium < largeFrom <= large */
    smallFrom: number;
    mediumFrom: number;
    largeFrom: number;
    /** `is_high_value` when amount > highValueAbove. */
    highValueAbove: number;
  };
  session: {
    /** short < mediumFrom <= medium < longFrom <= long */
    mediumFrom: number;
    longFrom: number;
  };
  metric: {
    /** negative < lowFrom <= low < normalFrom <= normal < highFrom <= high */
    lowFrom: number;
    normalFrom: number;
    highFrom: number;
    /** `is_anomaly` when value < anomalyBelow or value > anomalyAbove. */
    anomalyBelow: number;
    anomalyAbove: number;
  };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  transaction: { smallFrom: 10, mediumFrom: 100, largeFrom: 1000, highValueAbove: 1000 },
  session: { mediumFrom: 60, longFrom: 600 },
  metric: { lowFrom: 0, normalFrom: 50, highFrom: 100, anomalyBelow: 0, anomalyAbove: 200 },
};

/** Problems that would make the categories overlap or vanish; empty when the thresholds are usable. */
export function thresholdProblems(t: Thresholds): string[] {
  const problems: string[] = [];
  const ascending = (label: string, values: number[]): void => {
    for (let i = 1; i < values.length; i++) {
      if (!(values[i - 1]! < values[i]!)) {
        problems.push(`${label} thresholds must be strictly ascending, got ${values.join(' < ')}`);
        return;
      }
    }
  };
  ascending('transaction amount', [
    t.transaction.smallFrom,
    t.transaction.mediumFrom,
    t.transaction.largeFrom,
  ]);
  ascending('session duration', [t.session.mediumFrom, t.session.longFrom]);
  ascending('metric value', [t.metric.lowFrom, t.metric.normalFrom, t.metric.highFrom]);
  if (!(t.metric.anomalyBelow <= t.metric.anomalyAbove)) {
    problems.push(
      `metric anomaly bounds must satisfy below <= above, got ${t.metric.anomalyBelow} > ${t.metric.anomalyAbove}`,
    );
  }
  return problems;
}

/**
 * The category of `value` among ascending lower bounds: `names[0]` below `bounds[0]`,
 * `names[i]` from `bounds[i - 1]` (inclusive) up to `bounds[i]` (exclusive).
 */
export function categorize<N extends string>(
  value: number,
  bounds: readonly number[],
  names: readonly N[],
): N {
  let index = 0;
  while (index < bounds.length && value >= bounds[index]!) index++;
  return names[index]!;
}
