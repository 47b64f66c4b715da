import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/periods/day.js';
import { days30360, proratedShareOfYear } from '../../src/periods/day-count.js';
import { parsePeriod } from '../../src/periods/period.js';

const range = (from: string, to: string) => ({ start: parseDay(from)!, end: parseDay(to)! });
const q1 = parsePeriod('2025-Q1')!;

describe('days30360', () => {
  it('counts a full quarter as 90 days', () => {
    expect(days30360(range('2025-01-01', '2025-03-31'))).toBe(90);
  });

  it('counts from mid-February to the end of March as 46 days', () => {
    // 2025-02-15 .. day after 2025-03-31 = 2025-04-01: 30 x (4 - 2) + (1 - 15) = 46.
    expect(days30360(range('2025-02-15', '2025-03-31'))).toBe(46);
  });
});

describe('proratedShareOfYear', () => {
  it('actual/actual gives a quarter times days worked over days in the quarter', () => {
    // Worked 2025-02-15..2025-03-31: 14 + 31 = 45 days of 90; share = 45 / (90 x 4).
    expect(proratedShareOfYear('actual/actual', 'quarter', q1, range('2025-02-15', '2025-03-31'))).toEqual({
      numerator: 45,
      denominator: 360,
    });
  });

  it('actual/365 gives days worked over 365', () => {
    expect(proratedShareOfYear('actual/365', 'quarter', q1, range('2025-02-15', '2025-03-31'))).toEqual({
      numerator: 45,
      denominator: 365,
    });
  });

  it('30/360 gives 30/360 days over 360', () => {
    expect(proratedShareOfYear('30/360', 'quarter', q1, range('2025-02-15', '2025-03-31'))).toEqual({
      numerator: 46,
      denominator: 360,
    });
  });
});
