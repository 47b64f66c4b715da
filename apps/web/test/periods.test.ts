import { describe, expect, it } from 'vitest';
import { periodsOfYear, yearsOf } from '../src/periods';

describe('the periods My statements looks in', () => {
  it('lists a year, its halves and its quarters, newest first', () => {
    expect(periodsOfYear(2025)).toEqual([
      '2025',
      '2025-H2',
      '2025-Q4',
      '2025-Q3',
      '2025-H1',
      '2025-Q2',
      '2025-Q1',
    ]);
  });

  it('takes the two newest years the assignments cover, an open assignment up to this year', () => {
    // 2023-03 to 2024-02, then 2024-06 onwards with no end: 2023 to 2026 covered, 2026 and 2025 kept.
    const assignments = [
      { from: '2023-03-01', to: '2024-02-29' },
      { from: '2024-06-01', to: null },
    ];
    expect(yearsOf(assignments, 2026)).toEqual([2026, 2025]);
    expect(yearsOf([{ from: '2023-03-01', to: '2024-02-29' }], 2026)).toEqual([2024, 2023]);
    expect(yearsOf([], 2026)).toEqual([]);
  });

  it('never looks past this year, even for an assignment that ends later', () => {
    expect(yearsOf([{ from: '2026-01-01', to: '2028-12-31' }], 2026)).toEqual([2026]);
  });
});
