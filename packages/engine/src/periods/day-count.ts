/**
 * Day-count conventions for prorating the target incentive, as exact fractions so that the cents
 * can be computed without floating-point drift.
 *
 * A stretch of a period earns the period's cut of the annual target (month 1/12, quarter 1/4,
 * half 1/2, year 1) times days employed / days in the period, both counted by the convention.
 * Someone on the plan every day of the period earns exactly the cut under every convention: the
 * day count only decides what a partial period is worth.
 */
import type { DayCount, PeriodKind } from '@attain/rules';
import { type DayRange, dayFromParts, dayParts } from './day.js';
import { daysInPeriod, PERIODS_PER_YEAR } from './period.js';

/** An exact fraction. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/** How one stretch of a period is prorated: the days as the convention counts them, and their fraction. */
export interface StretchProration {
  /** Days of the stretch by the convention (actual days, or 30/360 days). */
  daysEmployed: number;
  /** Days of the period by the convention; not whole under actual/365 (a quarter is 365/4 = 91.25). */
  daysInPeriod: Fraction;
  /** daysEmployed / daysInPeriod: the share of the period's cut the stretch earns. */
  fraction: Fraction;
}

/**
 * Days in an inclusive range under the 30/360 convention: every month counts 30 days. Each day
 * counts 1, except that the 31st of a month counts nothing and the last day of February counts
 * the days February lacks as well (3 in 2025, 2 in a leap year). So a whole month is exactly 30,
 * a whole quarter 90, and the days of adjacent stretches add up to the days of their union.
 */
export function days30360(range: DayRange): number {
  if (range.end < range.start) return 0;
  return through30360(range.end) - through30360(range.start - 1);
}

/** 30/360 days from the start of the day's month through the day (0..30), plus 30 per month since year 0. */
function through30360(dayNumber: number): number {
  const { year, month, day } = dayParts(dayNumber);
  const lastDay = dayParts(dayFromParts(year, month + 1, 1) - 1).day;
  const inMonth = day === lastDay ? 30 : Math.min(day, 30);
  return (year * 12 + month - 1) * 30 + inMonth;
}

/** Days of a range as a convention counts them. */
export function daysCounted(convention: DayCount, range: DayRange): number {
  return convention === '30/360' ? days30360(range) : daysInPeriod(range);
}

/**
 * The days of a period as a convention counts them, for a participant on the plan `onPlanDays`
 * actual days of it:
 * - actual/actual: the period's actual days;
 * - actual/365: 365 / periods per year (a day is worth 1/365 of the annual target), but the
 *   actual days when the participant is on the plan the whole period, and never fewer than
 *   `onPlanDays` (so a partial period never earns more than a whole one);
 * - 30/360: 30 per month (a quarter 90, a year 360).
 */
export function daysInPeriodCounted(
  convention: DayCount,
  kind: PeriodKind,
  period: DayRange,
  onPlanDays: number,
): Fraction {
  const actual = daysInPeriod(period);
  switch (convention) {
    case 'actual/actual':
      return { numerator: actual, denominator: 1 };
    case 'actual/365': {
      const perYear = PERIODS_PER_YEAR[kind];
      if (onPlanDays >= actual) return { numerator: actual, denominator: 1 };
      if (onPlanDays * perYear > 365) return { numerator: onPlanDays, denominator: 1 };
      return { numerator: 365, denominator: perYear };
    }
    case '30/360':
      return { numerator: days30360(period), denominator: 1 };
  }
}

/**
 * The proration of one stretch of `period`, for a participant on the plan `onPlanDays` actual
 * days of the period in all (the stretch's own days when it is the only one).
 */
export function prorateStretch(
  convention: DayCount,
  kind: PeriodKind,
  period: DayRange,
  stretch: DayRange,
  onPlanDays: number = daysInPeriod(stretch),
): StretchProration {
  const daysEmployed = daysCounted(convention, stretch);
  const days = daysInPeriodCounted(convention, kind, period, onPlanDays);
  return {
    daysEmployed,
    daysInPeriod: days,
    fraction: { numerator: daysEmployed * days.denominator, denominator: days.numerator },
  };
}

/**
 * The share of the annual target incentive a stretch earns: the period's cut (1 / periods per
 * year) times the stretch's fraction of the period (see `prorateStretch`).
 */
export function proratedShareOfYear(
  convention: DayCount,
  kind: PeriodKind,
  period: DayRange,
  worked: DayRange,
  onPlanDays: number = daysInPeriod(worked),
): Fraction {
  const { fraction } = prorateStretch(convention, kind, period, worked, onPlanDays);
  return { numerator: fraction.numerator, denominator: fraction.denominator * PERIODS_PER_YEAR[kind] };
}
