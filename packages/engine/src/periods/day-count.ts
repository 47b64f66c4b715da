/**
 * Day-count conventions for prorating the target incentive, as exact fractions of the annual
 * target so that the cents can be computed without floating-point drift.
 */
import type { DayCount, PeriodKind } from '@attain/rules';
import { type DayRange, dayParts } from './day.js';
import { daysInPeriod, PERIODS_PER_YEAR } from './period.js';

/** An exact fraction. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/**
 * Days in an inclusive range under the 30/360 convention (US rule: every month has 30 days; the
 * range is measured from its first day to the day after its last).
 */
export function days30360(range: DayRange): number {
  const a = dayParts(range.start);
  const b = dayParts(range.end + 1);
  const d1 = Math.min(a.day, 30);
  const d2 = b.day === 31 && d1 >= 30 ? 30 : b.day;
  return 360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1);
}

/**
 * The share of the annual target incentive earned by working `worked` inside `period`:
 * - actual/actual: (1 / periods per year) x actual days worked / actual days in the period;
 * - actual/365: actual days worked / 365 (a full quarter of 90 days earns 90/365);
 * - 30/360: 30/360 days worked / 360 (a full quarter earns exactly 90/360 = 1/4).
 */
export function proratedShareOfYear(
  convention: DayCount,
  kind: PeriodKind,
  period: DayRange,
  worked: DayRange,
): Fraction {
  switch (convention) {
    case 'actual/actual':
      return {
        numerator: daysInPeriod(worked),
        denominator: daysInPeriod(period) * PERIODS_PER_YEAR[kind],
      };
    case 'actual/365':
      return { numerator: daysInPeriod(worked), denominator: 365 };
    case '30/360':
      return { numerator: days30360(worked), denominator: 360 };
  }
}
