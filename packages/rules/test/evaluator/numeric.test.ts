import { describe, expect, it } from 'vitest';
import { eq, ge, gt, le, lt, ne, sameAs, tolerance } from '../../src/evaluator/numeric.js';

describe('the comparison tolerance', () => {
  it('lets 0.1 + 0.2 reach 30% but not exceed it', () => {
    // 0.1 + 0.2 = 0.30000000000000004, 4e-17 above 0.3: inside 1e-12, so equal.
    expect(ge(0.1 + 0.2, 0.3)).toBe(true);
    expect(gt(0.1 + 0.2, 0.3)).toBe(false);
    expect(le(0.1 + 0.2, 0.3)).toBe(true);
    expect(lt(0.3, 0.1 + 0.2)).toBe(false);
    expect(eq(0.1 + 0.2, 0.3)).toBe(true);
    expect(ne(0.1 + 0.2, 0.3)).toBe(false);
  });

  it('is relative to large bounds and absolute below 1', () => {
    // At 1e9 the tolerance is 1e-12 * 1e9 = 1e-3; at 0.5 it is 1e-12 * 1.
    expect(tolerance(1e9)).toBeCloseTo(1e-3, 15);
    expect(tolerance(0.5)).toBe(1e-12);
    expect(gt(1e9 + 1e-4, 1e9)).toBe(false);
    expect(gt(1e9 + 1e-2, 1e9)).toBe(true);
  });

  it('never counts a value as at an infinite bound', () => {
    expect(sameAs(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(false);
    expect(sameAs(0.8000000000000002, 0.8)).toBe(true);
  });
});
