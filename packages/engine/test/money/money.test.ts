import { describe, expect, it } from 'vitest';
import { divideHalfEven, roundMinor, splitLargestRemainder } from '../../src/money/money.js';

describe('roundMinor', () => {
  it('rounds ties to the even neighbour in half-even mode', () => {
    expect(roundMinor(2.5)).toBe(2);
    expect(roundMinor(3.5)).toBe(4);
    expect(roundMinor(-2.5)).toBe(-2);
  });

  it('rounds ties away from zero in half-up mode', () => {
    expect(roundMinor(2.5, 'half-up')).toBe(3);
    expect(roundMinor(-2.5, 'half-up')).toBe(-3);
  });

  it('truncates towards zero in down mode and away from zero in up mode', () => {
    expect(roundMinor(2.9, 'down')).toBe(2);
    expect(roundMinor(-2.9, 'down')).toBe(-2);
    expect(roundMinor(2.1, 'up')).toBe(3);
  });

  it('turns a non-finite number into 0 rather than NaN', () => {
    expect(roundMinor(Number.NaN)).toBe(0);
  });
});

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
});

describe('splitLargestRemainder', () => {
  it('splits 100 cents in thirds as 34, 33, 33', () => {
    // Exact 33.33 each: floors 33 + 33 + 33 = 99; the leftover cent goes to the first (ties: earliest).
    expect(splitLargestRemainder(100, [1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
  });

  it('gives leftover cents to the largest remainders', () => {
    // 1,001 x [0.5, 0.3, 0.2] = 500.5, 300.3, 200.2 -> floors 500, 300, 200 (1,000); 1 left -> first (0.5).
    expect(splitLargestRemainder(1001, [0.5, 0.3, 0.2])).toEqual([501, 300, 200]);
  });

  it('keeps the sign of a negative amount', () => {
    expect(splitLargestRemainder(-100, [1 / 3, 1 / 3, 1 / 3])).toEqual([-34, -33, -33]);
  });
});
