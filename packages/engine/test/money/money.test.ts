import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/generator/random.js';
import { divideHalfEven, splitByShares, splitSharesInto } from '../../src/money/money.js';

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

describe('splitSharesInto', () => {
  it('splits exactly as the rules helper does, for many random amounts and shares', () => {
    const random = createRandom(99);
    for (let trial = 0; trial < 5_000; trial++) {
      const count = random.int(1, 6);
      const shares = Array.from({ length: count }, () => (random.chance(0.2) ? 1 / 3 : random.next()));
      const amount = random.int(-1_000_000, 10_000_000);
      const out = new Float64Array(count);
      splitSharesInto(amount, shares, 0, count, out, 0);
      expect([...out]).toEqual(splitByShares(amount, shares));
    }
  });

  it('splits 1,000,001 by thirds as 333,334 and 666,667', () => {
    // Exact 333,333.67 and 666,667.33: floors add up to 1,000,000; the larger remainder (0.67) gets the cent.
    const out = new Float64Array(2);
    splitSharesInto(1_000_001, [1 / 3, 2 / 3], 0, 2, out, 0);
    expect([...out]).toEqual([333_334, 666_667]);
  });
});
