/**
 * What the lake's lifecycle rules (resources/buckets.yml) keep where, after some days of
 * operation: objects above the size threshold move to Glacier after the transition days,
 * smaller ones stay in Standard; an expiring prefix keeps its objects for the expiration
 * days plus the days its noncurrent versions are kept. Data written at a steady rate.
 */
import type { ObjectsOfType } from './flow.js';
import { DAYS_PER_MONTH } from './prices.js';
import type { StageSettings } from './stage-settings.js';

export interface Stored {
  standardBytes: number;
  glacierBytes: number;
  glacierObjects: number;
  /** Lifecycle transitions a month, once objects have reached the transition age. */
  transitionsPerMonth: number;
  /** Glacier bytes added each further month (0 when the prefix expires). */
  glacierGrowthBytesPerMonth: number;
}

/**
 * @param objects what the prefix receives a month, per event type
 * @param keptDays how long an object lives (current and noncurrent), undefined: for ever
 * @param days days of operation
 */
export function storedAfter(
  objects: readonly ObjectsOfType[],
  lake: StageSettings['lake'],
  keptDays: number | undefined,
  days: number,
): Stored {
  const stored: Stored = {
    standardBytes: 0,
    glacierBytes: 0,
    glacierObjects: 0,
    transitionsPerMonth: 0,
    glacierGrowthBytesPerMonth: 0,
  };
  const lifetime = keptDays ?? Number.POSITIVE_INFINITY;
  for (const { objects: perMonth, bytesPerObject } of objects) {
    const perDay = perMonth / DAYS_PER_MONTH;
    const archived = bytesPerObject > lake.glacierMinimumObjectBytes && lifetime > lake.glacierTransitionDays;
    if (!archived) {
      stored.standardBytes += perDay * bytesPerObject * Math.min(days, lifetime);
      continue;
    }
    const standardDays = Math.min(days, lake.glacierTransitionDays);
    const glacierDays = Math.max(0, Math.min(days, lifetime) - lake.glacierTransitionDays);
    stored.standardBytes += perDay * bytesPerObject * standardDays;
    stored.glacierBytes += perDay * bytesPerObject * glacierDays;
    stored.glacierObjects += perDay * glacierDays;
    if (days > lake.glacierTransitionDays) stored.transitionsPerMonth += perMonth;
    if (keptDays === undefined) stored.glacierGrowthBytesPerMonth += perMonth * bytesPerObject;
  }
  return stored;
}
