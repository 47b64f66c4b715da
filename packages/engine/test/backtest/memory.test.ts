import { describe, expect, it } from 'vitest';
import { estimateColumnBytes } from '../../src/backtest/memory.js';

describe('estimateColumnBytes', () => {
  it('counts each fact twice while building: row, credits and 8 bytes per projected field', () => {
    // 2 x (80 row + 28 credits + 5 fields x 8) = 2 x 148 = 296 bytes a fact.
    expect(estimateColumnBytes(1_000_000, 5)).toBe(296_000_000);
  });

  it('is zero without facts', () => {
    expect(estimateColumnBytes(0, 12)).toBe(0);
  });
});
