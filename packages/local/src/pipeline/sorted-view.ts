/**
 * The ascending order of a list that only grows, kept by merging in what was appended since
 * the last look: the live status takes percentiles of every latency of the run four times a
 * second, and sorting them all each time grows as n log n with the run.
 */
export function sortedView(values: readonly number[]): () => readonly number[] {
  let sorted: number[] = [];
  return () => {
    if (sorted.length === values.length) return sorted;
    sorted = merge(
      sorted,
      values.slice(sorted.length).sort((a, b) => a - b),
    );
    return sorted;
  };
}

function merge(a: readonly number[], b: readonly number[]): number[] {
  const merged = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) merged[k++] = a[i++]!;
  while (j < b.length) merged[k++] = b[j++]!;
  return merged;
}
