import type { DayCount } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/periods/day.js';
import {
  days30360,
  type Fraction,
  proratedShareOfYear,
  prorateStretch,
} from '../../src/periods/day-count.js';
import { parsePeriod } from '../../src/periods/period.js';

const range = (from: string, to: string) => ({ start: parseDay(from)!, end: parseDay(to)! });
const q1 = parsePeriod('2025-Q1')!;
const conventions: DayCount[] = ['actual/actual', 'actual/365', '30/360'];

/** Compares fractions by value (3/12 equals 1/4) with exact integer arithmetic. */
function expectFraction(actual: Fraction, numerator: number, denominator: number): void {
  expect(
    actual.numerator * denominator,
    `${actual.numerator}/${actual.denominator} = ${numerator}/${denominator}`,
  ).toBe(numerator * actual.denominator);
}

describe('days30360', () => {
  it('counts a full quarter as 90 days', () => {
    expect(days30360(range('2025-01-01', '2025-03-31'))).toBe(90);
  });

  it('counts from mid-February to the end of March as 46 days', () => {
    // 15..27 Feb = 13 days, 28 Feb (the last day) counts 30 - 28 + 1 = 3, March counts 30: 46.
    expect(days30360(range('2025-02-15', '2025-03-31'))).toBe(46);
  });

  it('counts every whole month as 30 days, February of a leap year too', () => {
    for (const [from, to] of [
      ['2025-01-01', '2025-01-31'],
      ['2025-02-01', '2025-02-28'],
      ['2024-02-01', '2024-02-29'],
      ['2025-04-01', '2025-04-30'],
    ] as const) {
      expect(days30360(range(from, to))).toBe(30);
    }
  });

  it('counts nothing for the 31st and the missing days of February on its last day', () => {
    expect(days30360(range('2025-01-31', '2025-01-31'))).toBe(0);
    expect(days30360(range('2025-01-30', '2025-01-31'))).toBe(1);
    // 2025-02-28 stands for the 28th, 29th and 30th; 2024-02-29 for the 29th and 30th.
    expect(days30360(range('2025-02-28', '2025-02-28'))).toBe(3);
    expect(days30360(range('2024-02-29', '2024-02-29'))).toBe(2);
  });

  it('adds up over adjacent stretches to the days of the whole range', () => {
    // Moves on 31 January and 1 March: 1..30 Jan = 30; 31 Jan (0) + February (30) = 30; March 30.
    const parts = [
      range('2025-01-01', '2025-01-30'),
      range('2025-01-31', '2025-02-28'),
      range('2025-03-01', '2025-03-31'),
    ].map(days30360);
    expect(parts).toEqual([30, 30, 30]);
    expect(days30360(range('2025-01-01', '2025-01-31')) + days30360(range('2025-02-01', '2025-03-31'))).toBe(
      90,
    );
  });
});

describe('a participant on the plan the whole period', () => {
  it.each(conventions)('earns exactly the period cut under %s', (convention) => {
    // Q1 2025 has 90 days, Q3 2025 92: each is a quarter of the year whatever the count says.
    for (const id of ['2025-Q1', '2025-Q3']) {
      const quarter = parsePeriod(id)!;
      expectFraction(proratedShareOfYear(convention, 'quarter', quarter, quarter), 1, 4);
    }
    // 2024 has 366 days; employed all of it earns the whole annual target, not 366/365.
    const year = parsePeriod('2024')!;
    expectFraction(proratedShareOfYear(convention, 'year', year, year), 1, 1);
    // February 2025 (28 days) on a monthly plan is 1/12.
    const february = parsePeriod('2025-02')!;
    expectFraction(proratedShareOfYear(convention, 'month', february, february), 1, 12);
    // The second half of 2025 (184 days) is 1/2.
    const h2 = parsePeriod('2025-H2')!;
    expectFraction(proratedShareOfYear(convention, 'half', h2, h2), 1, 2);
  });

  it.each(conventions)('earns exactly the period cut over two stretches under %s', (convention) => {
    // A team move on 15 February: the stretches' fractions add up to 1 (the cut is 1/4).
    const first = prorateStretch(convention, 'quarter', q1, range('2025-01-01', '2025-02-14'), 90);
    const second = prorateStretch(convention, 'quarter', q1, range('2025-02-15', '2025-03-31'), 90);
    const sum = {
      numerator:
        first.fraction.numerator * second.fraction.denominator +
        second.fraction.numerator * first.fraction.denominator,
      denominator: first.fraction.denominator * second.fraction.denominator,
    };
    expectFraction(sum, 1, 1);
  });
});

describe('a mid-quarter hire (2025-02-15, 45 actual days of Q1 2025)', () => {
  const hired = range('2025-02-15', '2025-03-31');

  it('actual/actual: 45 of the quarter 90 actual days', () => {
    // 1/4 x 45/90 = 45/360.
    const p = prorateStretch('actual/actual', 'quarter', q1, hired);
    expect(p.daysEmployed).toBe(45);
    expectFraction(p.daysInPeriod, 90, 1);
    expectFraction(proratedShareOfYear('actual/actual', 'quarter', q1, hired), 45, 360);
  });

  it('actual/365: 45 days of a 365/4 = 91.25-day quarter, i.e. 45/365 of the year', () => {
    // 1/4 x 45 / 91.25 = 45/365.
    const p = prorateStretch('actual/365', 'quarter', q1, hired);
    expect(p.daysEmployed).toBe(45);
    expectFraction(p.daysInPeriod, 365, 4);
    expectFraction(proratedShareOfYear('actual/365', 'quarter', q1, hired), 45, 365);
  });

  it('30/360: 46 of 90 days, i.e. 46/360 of the year', () => {
    // 15..28 Feb = 13 + 3 = 16 and March 30: 46; 1/4 x 46/90 = 46/360.
    const p = prorateStretch('30/360', 'quarter', q1, hired);
    expect(p.daysEmployed).toBe(46);
    expectFraction(p.daysInPeriod, 90, 1);
    expectFraction(proratedShareOfYear('30/360', 'quarter', q1, hired), 46, 360);
  });
});

describe('a leaver (last day 2025-03-20, 79 actual days of Q1 2025)', () => {
  const employed = range('2025-01-01', '2025-03-20');

  it('actual/actual: 79 of 90', () => {
    // 31 + 28 + 20 = 79; 1/4 x 79/90 = 79/360.
    expectFraction(proratedShareOfYear('actual/actual', 'quarter', q1, employed), 79, 360);
  });

  it('actual/365: 79/365 of the year', () => {
    // 1/4 x 79 / 91.25 = 79/365.
    expectFraction(proratedShareOfYear('actual/365', 'quarter', q1, employed), 79, 365);
  });

  it('30/360: 80 of 90', () => {
    // January 30 + February 30 + 20 March = 80; 1/4 x 80/90 = 80/360.
    expect(prorateStretch('30/360', 'quarter', q1, employed).daysEmployed).toBe(80);
    expectFraction(proratedShareOfYear('30/360', 'quarter', q1, employed), 80, 360);
  });
});

describe('actual/365 on a partial period longer than 365 / periods a year', () => {
  it('never earns more than the whole period', () => {
    // 2025-H2 has 184 days; leaving on 30 December is 183 days, and 183/365 > 1/2. The period is
    // then counted as the 183 days, so the share is exactly the half's cut.
    const h2 = parsePeriod('2025-H2')!;
    const left = range('2025-07-01', '2025-12-30');
    expectFraction(proratedShareOfYear('actual/365', 'half', h2, left), 1, 2);
    // Leaving on 30 November (153 days) is 153/365, below the cut.
    expectFraction(
      proratedShareOfYear('actual/365', 'half', h2, range('2025-07-01', '2025-11-30')),
      153,
      365,
    );
  });
});
