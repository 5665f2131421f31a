import type { EventOf } from '@event-pipeline/schema';
import { eventDate } from './event-date.js';
import { extend } from './extend.js';
import { categorize, type Thresholds } from './thresholds.js';

export const AMOUNT_CATEGORIES = ['micro', 'small', 'medium', 'large'] as const;
export type AmountCategory = (typeof AMOUNT_CATEGORIES)[number];

export type EnrichedTransaction = EventOf<'transaction'>['data'] & {
  transaction_date: string;
  amount_category: AmountCategory;
  is_high_value: boolean;
};

export function enrichTransaction(
  event: EventOf<'transaction'>,
  thresholds: Thresholds['transaction'],
): EnrichedTransaction {
  const { amount } = event.data;
  const { smallFrom, mediumFrom, largeFrom, highValueAbove } = thresholds;
  return extend(event.data, {
    transaction_date: eventDate(event.timestamp),
    amount_category: categorize(amount, [smallFrom, mediumFrom, largeFrom], AMOUNT_CATEGORIES),
    is_high_value: amount > highValueAbove,
  });
}
