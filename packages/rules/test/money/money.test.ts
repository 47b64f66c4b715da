import { describe, expect, it } from 'vitest';
import {
  formatExactMinor,
  formatMinor,
  formatPercent,
  roundMinor,
  splitByShares,
  toMinor,
} from '../../src/index.js';

describe('roundMinor', () => {
  it('rounds exact halves to the even neighbour by default', () => {
    expect([0.5, 1.5, 2.5, -2.5, 3703.5].map((v) => roundMinor(v))).toEqual([0, 2, 2, -2, 3704]);
  });

  it('treats a half that floating point lands just below as the half it is', () => {
    // 0.285 * 100 is 28.5 exactly in decimal but 28.499999999999996 as a double.
    expect(0.285 * 100).toBeLessThan(28.5);
    expect(roundMinor(0.285 * 100, 'half-up')).toBe(29);
    expect(roundMinor(0.285 * 100, 'half-even')).toBe(28);
  });

  it('rounds half up away from zero, down toward zero and up away from zero when asked', () => {
    expect([2.5, -2.5].map((v) => roundMinor(v, 'half-up'))).toEqual([3, -3]);
    expect([2.9, -2.9].map((v) => roundMinor(v, 'down'))).toEqual([2, -2]);
    expect([2.1, -2.1].map((v) => roundMinor(v, 'up'))).toEqual([3, -3]);
  });
});

describe('splitByShares', () => {
  it('splits a credited amount by shares adding up to the cent, leftovers to the largest remainders', () => {
    // 100.00 in thirds: 33.333.. each; floors 33.33 x 3 = 99.99, one cent to the first tie.
    expect(splitByShares(10_000, [1 / 3, 1 / 3, 1 / 3])).toEqual([3_334, 3_333, 3_333]);
    // 10.01 at 50/30/20: 5.005, 3.003, 2.002 -> floors 5.00, 3.00, 2.00 leave one cent for the largest remainder (0.5 of a cent).
    expect(splitByShares(1_001, [0.5, 0.3, 0.2])).toEqual([501, 300, 200]);
  });

  it('splits a true tie exactly, giving its unit to the earlier share, though floats put it a hair below', () => {
    // 60,470.75 at 86/14: exactly 52,004.845 and 8,465.905 (5,200,484.5 and 846,590.5 cents); the
    // floors leave one cent, and the remainders tie at 0.5, so the first share gets it. In floats
    // 0.86 x 6,047,075 is 5,200,484.4999..., which would give the cent to the second share.
    expect(splitByShares(6_047_075, [86, 14])).toEqual([5_200_485, 846_590]);
    expect(splitByShares(6_047_075, [0.86, 0.14])).toEqual([5_200_485, 846_590]);
    // Thirds are no short decimals, and are split as before: 3,334 + 3,333 + 3,333.
    expect(splitByShares(10_000, [1, 1, 1])).toEqual([3_334, 3_333, 3_333]);
  });

  it('splits a negative amount (a clawback) the same way', () => {
    expect(splitByShares(-10_000, [1 / 3, 1 / 3, 1 / 3])).toEqual([-3_334, -3_333, -3_333]);
  });
});

describe('formatMinor and toMinor', () => {
  it('formats minor units with the digits of the currency', () => {
    expect(formatMinor(123_456_789, 'USD')).toBe('1,234,567.89 USD');
    expect(formatMinor(-5, 'EUR')).toBe('-0.05 EUR');
    expect(formatMinor(1_500, 'JPY')).toBe('1,500 JPY');
    expect(formatMinor(1_234, 'KWD', { withCode: false })).toBe('1.234');
  });

  it('keeps up to four digits of a fraction of a minor unit in an exact amount', () => {
    // 1,234.5678 cents is 12.345678 USD; 0.5 yen is 0.5 JPY; whole cents print like formatMinor.
    expect(formatExactMinor(1_234.5678, 'USD')).toBe('12.345678 USD');
    expect(formatExactMinor(-0.5, 'JPY')).toBe('-0.5 JPY');
    expect(formatExactMinor(123_450, 'USD')).toBe('1,234.50 USD');
    expect(formatExactMinor(14_162.220000000001, 'USD')).toBe('141.6222 USD');
    expect(formatExactMinor(-0.00001, 'EUR')).toBe('0.00 EUR');
  });

  it('writes fractions as percentages', () => {
    expect(formatPercent(1.05)).toBe('105%');
    expect(formatPercent(1 / 3)).toBe('33.3333%');
  });

  it('converts written amounts to minor units', () => {
    expect(toMinor(1_250.5, 2)).toBe(125_050);
    expect(toMinor(0.07, 2)).toBe(7);
  });
});
