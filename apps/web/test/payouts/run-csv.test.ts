import { describe, expect, it } from 'vitest';
import { decimalOf, runCsv } from '../../src/payouts/run-csv';

describe('the CSV download of a payout run', () => {
  it('writes amounts as plain decimals in the currency, never minor units', () => {
    expect(decimalOf(123_450, 'USD')).toBe('1234.50');
    expect(decimalOf(-5, 'EUR')).toBe('-0.05');
    expect(decimalOf(0, 'USD')).toBe('0.00');
    // Yen have no minor unit.
    expect(decimalOf(250_000, 'JPY')).toBe('250000');
  });

  it('writes a header and one row a line, quoting cells with commas or quotes', () => {
    const csv = runCsv([
      {
        participantId: 'p-1',
        participantName: 'Lee, "Ada"',
        plan: 'Plan A',
        period: '2025-Q4',
        component: 'Revenue',
        kind: 'payout',
        from: '2025-10-01',
        to: '2025-12-31',
        amountMinor: 1_000_001,
        currency: 'USD',
      },
    ]);
    expect(csv).toBe(
      'participant_id,participant,plan,period,component,kind,from,to,amount,currency\r\n' +
        'p-1,"Lee, ""Ada""",Plan A,2025-Q4,Revenue,payout,2025-10-01,2025-12-31,10000.01,USD\r\n',
    );
  });
});
