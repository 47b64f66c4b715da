import { describe, expect, it } from 'vitest';
import { flatSummary, signedMoney } from '../../src/backtests/delta-histogram';

describe('the delta histogram of a backtest', () => {
  it('says in words that nothing changed when every delta is 0', () => {
    expect(flatSummary({ rows: 16, min: 0, max: 0 }, 'USD')).toBe('No change: every delta is 0.00 USD.');
  });

  it('names the one change everyone gets when every delta is equal, with its sign', () => {
    // 1,200 cents = +12.00 USD; -350 cents = -3.50 USD.
    expect(flatSummary({ rows: 8, min: 1_200, max: 1_200 }, 'USD')).toBe(
      'The same change for everyone: every delta is +12.00 USD.',
    );
    expect(flatSummary({ rows: 8, min: -350, max: -350 }, 'USD')).toBe(
      'The same change for everyone: every delta is -3.50 USD.',
    );
  });

  it('draws a chart (no summary) when the deltas spread, and says when there are no rows', () => {
    expect(flatSummary({ rows: 8, min: -1, max: 1 }, 'USD')).toBeNull();
    expect(flatSummary({ rows: 0, min: null, max: null }, 'USD')).toBe('No rows to compare.');
  });

  it('signs a gain, never a loss twice, and leaves zero unsigned', () => {
    expect([signedMoney(5, 'USD'), signedMoney(-5, 'USD'), signedMoney(0, 'JPY')]).toEqual([
      '+0.05 USD',
      '-0.05 USD',
      '0 JPY',
    ]);
  });
});
