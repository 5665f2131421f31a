/**
 * The smallest object worth moving to Glacier Flexible Retrieval: over `months` in Glacier its
 * storage saving (Standard minus Glacier, per GB-month) must repay the transition request and
 * the per-object overhead S3 keeps for an archived object (32 KB at the Glacier rate, 8 KB at
 * the Standard rate, every month). The lake's `glacierMinimumObjectBytes` is checked against it.
 */
import { GB, PRICES } from './prices.js';

export function glacierBreakEvenBytes(months: number): number {
  const { s3 } = PRICES;
  const transitionUsd = s3.glacierTransitionUsdPerThousand / 1000;
  const overheadUsdPerMonth =
    (s3.glacierOverheadBytes / GB) * s3.glacierUsdPerGbMonth +
    (s3.glacierStandardOverheadBytes / GB) * s3.standardUsdPerGbMonth;
  const savingUsdPerGbMonth = s3.standardUsdPerGbMonth - s3.glacierUsdPerGbMonth;
  return (GB * (transitionUsd + months * overheadUsdPerMonth)) / (months * savingUsdPerGbMonth);
}
