/** Summary statistics of repeated measurements. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Results of the same shape merged: each number the median of its values across them, anything
 * else the first result's.
 */
export function medianOfEach<T>(results: readonly T[]): T {
  if (results.length === 0) throw new RangeError('median of no results');
  const first = results[0] as unknown;
  if (typeof first === 'number') return median(results as readonly number[]) as T;
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return first as T;
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(first))
    merged[key] = medianOfEach(results.map((result) => (result as Record<string, unknown>)[key]));
  return merged as T;
}

/**
 * The result whose `value` is the median (the lower middle one of an even count): a whole
 * result, so that figures measured together stay together.
 */
export function medianBy<T>(results: readonly T[], value: (result: T) => number): T {
  if (results.length === 0) throw new RangeError('median of no results');
  const sorted = [...results].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Milliseconds since an earlier `performance.now()`. */
export function since(start: number): number {
  return performance.now() - start;
}
