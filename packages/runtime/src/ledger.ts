/**
 * The ledger table's retention, shared by both services that write to it (design.md §4):
 * an item's `ttl` attribute, in epoch seconds, is when DynamoDB may delete it.
 */

/** Ledger items expire this many days after they are written. */
export const LEDGER_TTL_DAYS = 30;

/** The `ttl` attribute (epoch seconds) of a ledger item written at `writtenAt`. */
export function ledgerExpiry(writtenAt: Date): number {
  return Math.floor(writtenAt.getTime() / 1000) + LEDGER_TTL_DAYS * 24 * 60 * 60;
}
