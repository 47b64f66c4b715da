import { describe, expect, it } from 'vitest';
import { parseAmount, periodOfDay, periodsOfYear, yearsOf } from '../src/periods';

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

describe('the what-if page reading what a rep types', () => {
  it("finds the period of a closing date, of the plan's kind", () => {
    expect(periodOfDay('2026-Q4', '2025-11-20')).toBe('2025-Q4');
    expect(periodOfDay('2026-Q4', '2025-03-31')).toBe('2025-Q1');
    expect(periodOfDay('2026-H2', '2025-06-30')).toBe('2025-H1');
    expect(periodOfDay('2026-12', '2025-02-01')).toBe('2025-02');
    expect(periodOfDay('2026', '2025-02-01')).toBe('2025');
  });

  it('reads an amount in the units a person writes as minor units of the currency', () => {
    expect(parseAmount('250,000', 'USD')).toBe(25_000_000);
    expect(parseAmount('1234.5', 'EUR')).toBe(123_450);
    expect(parseAmount('0.10', 'USD')).toBe(10);
    // Yen have no minor unit: 250,000 JPY is 250000.
    expect(parseAmount('250,000', 'JPY')).toBe(250_000);
    expect(parseAmount('1.005', 'USD')).toBeNull();
    expect(parseAmount('25,00', 'USD')).toBeNull();
    expect(parseAmount('-5', 'USD')).toBeNull();
    expect(parseAmount('lots', 'USD')).toBeNull();
  });
});
