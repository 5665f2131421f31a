/**
 * Which lines become rows, in which order (docs/architecture.md §8). Lines sharing a record id
 * are ordered by `processed_timestamp`, then `raw_object` (then by where they were read, so
 * the choice never depends on anything but the inputs); the first is kept. A later line with
 * the same event content is a duplicate, dropped and counted; one with different content is
 * a conflict, to quarantine (each distinct content once). Kept rows are sorted by event time,
 * then record id. Pure: only the index is read.
 */
import type { LineIndex } from './line-index.js';

export interface Conflict {
  /** The line kept for the record id. */
  kept: number;
  /** The line with the same record id and other content. */
  other: number;
}

export interface Selection {
  /** Kept lines in row order. */
  rows: Uint32Array;
  duplicates: number;
  conflicts: Conflict[];
}

function byRecordThenEarliest(index: LineIndex): (a: number, b: number) => number {
  return (a, b) => {
    const id = index.compareRecordIds(a, b);
    if (id !== 0) return id;
    const processedA = index.processedTime(a);
    const processedB = index.processedTime(b);
    if (processedA !== processedB) return processedA < processedB ? -1 : 1;
    const rawA = index.rawObject(a);
    const rawB = index.rawObject(b);
    if (rawA !== rawB) return rawA < rawB ? -1 : 1;
    const sourceA = index.source(a);
    const sourceB = index.source(b);
    if (sourceA !== sourceB) return sourceA - sourceB;
    return index.lineNumber(a) - index.lineNumber(b);
  };
}

export function selectRows(index: LineIndex): Selection {
  const order = new Uint32Array(index.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort(byRecordThenEarliest(index));

  // Typed, not a JS array: 1.8 million numbers would cost the heap twice as much.
  const kept = new Uint32Array(order.length);
  let keptCount = 0;
  const conflicts: Conflict[] = [];
  let duplicates = 0;
  let group: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const line = order[k]!;
    const first = group[0];
    if (first === undefined || index.compareRecordIds(first, line) !== 0) {
      kept[keptCount++] = line;
      group = [line];
      continue;
    }
    // Duplicate of the kept line or of a conflicting content already quarantined.
    if (group.some((seen) => index.sameFingerprint(seen, line))) {
      duplicates++;
      continue;
    }
    conflicts.push({ kept: first, other: line });
    group.push(line);
  }

  const rows = kept.slice(0, keptCount);
  rows.sort((a, b) => {
    const timeA = index.eventTime(a);
    const timeB = index.eventTime(b);
    return timeA !== timeB ? (timeA < timeB ? -1 : 1) : index.compareRecordIds(a, b);
  });
  return { rows, duplicates, conflicts };
}
