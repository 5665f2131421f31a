import { describe, expect, it } from '@jest/globals';
import { LEDGER_TTL_DAYS, ledgerExpiry } from '../../src/ledger.js';

describe('ledgerExpiry', () => {
  it('is the write time plus 30 days, in whole epoch seconds', () => {
    expect(LEDGER_TTL_DAYS).toBe(30);
    expect(ledgerExpiry(new Date('2024-01-15T10:01:00.999Z'))).toBe(
      Date.parse('2024-02-14T10:01:00Z') / 1000,
    );
  });
});
