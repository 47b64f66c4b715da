import { describe, expect, it } from 'vitest';
import { formatRatio, ratio, ratioOfDecimal, scaleByRatio, sumRatios } from '../src/ratio.js';

describe('ratio', () => {
  it('reads a written percentage digit by digit: 33.33% is 3333/10000', () => {
    expect(ratioOfDecimal('33.33%', 100)).toEqual({ numerator: 3333, denominator: 10000 });
    expect(ratioOfDecimal('1,250.5')).toEqual({ numerator: 2501, denominator: 2 });
  });

  it('adds three thirds to exactly 1', () => {
    expect(sumRatios([ratio(1, 3), ratio(1, 3), ratio(1, 3)])).toEqual({ numerator: 1, denominator: 1 });
  });

  it('writes a fraction as a percentage only when a short decimal says it exactly', () => {
    expect(formatRatio(ratio(3, 10))).toBe('30%');
    expect(formatRatio(ratio(1, 8))).toBe('12.5%');
    expect(formatRatio(ratio(1, 3))).toBe('1/3');
  });

  it('scales an amount by multiplying before dividing', () => {
    // the product first, then one division: the double nearest the exact result
    expect(scaleByRatio(10, ratio(3, 10))).toBe(3);
    expect(scaleByRatio(1_000_005, ratio(1, 6))).toBe(166_667.5);
  });
});
