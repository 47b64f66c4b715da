import { describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../src/periods/day.js';
import {
  daysInPeriod,
  formatRange,
  parsePeriod,
  periodContaining,
  periodRange,
  priorPeriod,
  samePeriodLastYear,
  windowRange,
  yearToDate,
} from '../../src/periods/period.js';

const period = (id: string) => {
  const p = parsePeriod(id);
  if (!p) throw new Error(`bad period ${id}`);
  return p;
};

describe('parsePeriod', () => {
  it('reads a quarter as its first and last day', () => {
    expect(formatRange(period('2025-Q1'))).toBe('2025-01-01..2025-03-31');
  });

  it('reads years, halves and months', () => {
    expect(formatRange(period('2024'))).toBe('2024-01-01..2024-12-31');
    expect(formatRange(period('2025-H2'))).toBe('2025-07-01..2025-12-31');
    expect(formatRange(period('2024-02'))).toBe('2024-02-01..2024-02-29');
  });

  it('returns null for text that is not a period id', () => {
    expect(parsePeriod('2025-Q5')).toBeNull();
    expect(parsePeriod('2025-13')).toBeNull();
    expect(parsePeriod('Q1 2025')).toBeNull();
  });
});

describe('windows', () => {
  it('takes the prior period across a year boundary', () => {
    expect(priorPeriod(period('2025-Q1')).id).toBe('2024-Q4');
    expect(priorPeriod(period('2025-01')).id).toBe('2024-12');
  });

  it('takes the same period last year', () => {
    expect(samePeriodLastYear(period('2025-Q3')).id).toBe('2024-Q3');
  });

  it('runs year to date from 1 January to the end of the period', () => {
    expect(formatRange(yearToDate(period('2025-Q2')))).toBe('2025-01-01..2025-06-30');
  });

  it('maps each window name to its days', () => {
    const q2 = period('2025-Q2');
    expect(formatRange(windowRange(q2, 'period'))).toBe('2025-04-01..2025-06-30');
    expect(formatRange(windowRange(q2, 'prior period'))).toBe('2025-01-01..2025-03-31');
    expect(formatRange(windowRange(q2, 'same period last year'))).toBe('2024-04-01..2024-06-30');
    expect(formatRange(windowRange(q2, 'year to date'))).toBe('2025-01-01..2025-06-30');
  });

  it('counts the actual days of a period, leap years included', () => {
    // Q1 2024: 31 + 29 + 31 = 91; Q1 2025: 31 + 28 + 31 = 90.
    expect(daysInPeriod(period('2024-Q1'))).toBe(91);
    expect(daysInPeriod(period('2025-Q1'))).toBe(90);
  });

  it('lists the periods of a range in order', () => {
    expect(periodRange(period('2024-Q3'), period('2025-Q2')).map((p) => p.id)).toEqual([
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
    ]);
  });

  it('finds the period containing a day', () => {
    expect(periodContaining('quarter', parseDay('2025-08-15')!).id).toBe('2025-Q3');
    expect(periodContaining('half', parseDay('2025-06-30')!).id).toBe('2025-H1');
  });
});

describe('parseDay', () => {
  it('round-trips an ISO day', () => {
    expect(formatDay(parseDay('2025-02-28')!)).toBe('2025-02-28');
  });

  it('rejects days that do not exist', () => {
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2025-2-3')).toBeNull();
    expect(parseDay('2100-02-29')).toBeNull();
    expect(parseDay('2025-04-31')).toBeNull();
    expect(parseDay('2025-13-01')).toBeNull();
    expect(parseDay('2025-01-00')).toBeNull();
  });

  it('gives the day number Date gives, for every day from 1600 to 2400, leap days included', () => {
    const MS_PER_DAY = 86_400_000;
    const first = Date.UTC(1600, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2400, 11, 31) / MS_PER_DAY;
    let wrong = 0;
    for (let day = first; day <= last; day++) {
      const text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      if (parseDay(text) !== day) wrong++;
    }
    expect(wrong).toBe(0);
    expect(parseDay('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / MS_PER_DAY);
  });
});
