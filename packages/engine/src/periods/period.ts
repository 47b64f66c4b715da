/**
 * Pay periods ('2025', '2025-H1', '2025-Q3', '2025-07') and the time windows measures read,
 * relative to the period being paid.
 */
import type { PeriodKind, TimeWindow } from '@attain/rules';
import { type DayRange, dayFromParts, dayParts, formatDay } from './day.js';

/** A calendar pay period with its inclusive first and last day. */
export interface Period extends DayRange {
  id: string;
  kind: PeriodKind;
  year: number;
  /** 1-based position within the year: month 1..12, quarter 1..4, half 1..2, year 1. */
  index: number;
}

/** How many periods of each kind make a year. */
export const PERIODS_PER_YEAR: Readonly<Record<PeriodKind, number>> = {
  month: 12,
  quarter: 4,
  half: 2,
  year: 1,
};

const PERIOD_ID = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

/** Parses a period id ('2025', '2025-H1', '2025-Q3', '2025-07'); null when it is not one. */
export function parsePeriod(id: string): Period | null {
  const match = PERIOD_ID.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  const part = match[2];
  if (part === undefined) return periodOf('year', year, 1);
  if (part.startsWith('H')) return periodOf('half', year, Number(part.slice(1)));
  if (part.startsWith('Q')) return periodOf('quarter', year, Number(part.slice(1)));
  return periodOf('month', year, Number(part));
}

/** The period of a kind at a 1-based index of a year; the index may run over into later or earlier years. */
export function periodOf(kind: PeriodKind, year: number, index: number): Period {
  const perYear = PERIODS_PER_YEAR[kind];
  const zeroBased = (year * perYear + (index - 1)) | 0;
  const y = Math.floor(zeroBased / perYear);
  const i = zeroBased - y * perYear + 1;
  const months = 12 / perYear;
  const firstMonth = (i - 1) * months + 1;
  const start = dayFromParts(y, firstMonth, 1);
  const end = dayFromParts(y, firstMonth + months, 1) - 1;
  return { id: periodId(kind, y, i), kind, year: y, index: i, start, end };
}

function periodId(kind: PeriodKind, year: number, index: number): string {
  switch (kind) {
    case 'year':
      return String(year);
    case 'half':
      return `${year}-H${index}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'month':
      return `${year}-${String(index).padStart(2, '0')}`;
  }
}

/** The period of the given kind that contains a day. */
export function periodContaining(kind: PeriodKind, dayNumber: number): Period {
  const { year, month } = dayParts(dayNumber);
  const months = 12 / PERIODS_PER_YEAR[kind];
  return periodOf(kind, year, Math.floor((month - 1) / months) + 1);
}

/** The period just before (2025-Q1 -> 2024-Q4). */
export function priorPeriod(period: Period): Period {
  return periodOf(period.kind, period.year, period.index - 1);
}

/** The period after (2024-Q4 -> 2025-Q1). */
export function nextPeriod(period: Period): Period {
  return periodOf(period.kind, period.year, period.index + 1);
}

/** The same period one year earlier (2025-Q3 -> 2024-Q3). */
export function samePeriodLastYear(period: Period): Period {
  return periodOf(period.kind, period.year - 1, period.index);
}

/** From 1 January of the period's year to the period's last day. */
export function yearToDate(period: Period): DayRange {
  return { start: dayFromParts(period.year, 1, 1), end: period.end };
}

/** Every period from `from` to `to` inclusive, of `from`'s kind; empty when `to` is earlier. */
export function periodRange(from: Period, to: Period): Period[] {
  const periods: Period[] = [];
  for (let p = from; p.start <= to.end; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/** The days a measure with this window reads when `period` is paid. */
export function windowRange(period: Period, window: TimeWindow): DayRange {
  switch (window) {
    case 'period':
      return { start: period.start, end: period.end };
    case 'prior period':
      return rangeOf(priorPeriod(period));
    case 'same period last year':
      return rangeOf(samePeriodLastYear(period));
    case 'year to date':
      return yearToDate(period);
  }
}

function rangeOf(period: Period): DayRange {
  return { start: period.start, end: period.end };
}

/** Actual number of days in a period. */
export function daysInPeriod(period: DayRange): number {
  return period.end - period.start + 1;
}

/** Human-readable range, e.g. '2025-01-01..2025-03-31'. */
export function formatRange(range: DayRange): string {
  return `${formatDay(range.start)}..${formatDay(range.end)}`;
}
