import { describe, expect, it } from 'vitest';
import { divideHalfEven } from '../../src/money/money.js';

describe('divideHalfEven', () => {
  it('rounds an exact tie to even', () => {
    // 5 / 2 = 2.5 -> 2; 7 / 2 = 3.5 -> 4.
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
  });

  it('rounds an annual target times 45/360 to the cent', () => {
    // 4,000,000 x 45 / 360 = 500,000 exactly; 1,000,001 x 45 / 360 = 125,000.125 -> 125,000.
    expect(divideHalfEven(4_000_000n * 45n, 360n)).toBe(500_000n);
    expect(divideHalfEven(1_000_001n * 45n, 360n)).toBe(125_000n);
  });

  it('rounds negative amounts symmetrically', () => {
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
  });
});
