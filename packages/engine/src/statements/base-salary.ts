/**
 * A participant's base salary over a stretch, for plans whose target incentive is a share of it
 * ('target incentive: 8% of base salary'). Salaries are effective-dated: a stretch that spans a
 * raise counts each day at the salary in effect that day, so the annual figure is the
 * day-weighted mean of the salaries of its days, converted into the plan currency.
 */
import { type EvaluationWarning, formatMinor } from '@attain/rules';
import type { Participant, ParticipantField } from '../model/org.js';
import { type FxRates, rateOn } from '../money/fx.js';
import { type DayRange, formatDay, intersectRanges, parseDay } from '../periods/day.js';

/** The field a plan's 'of base salary' reads. */
export const BASE_SALARY = 'baseSalary';

/** The annual base salary over a stretch in the plan currency (minor units, exact), with how it was found. */
export interface StretchSalary {
  minor: number;
  detail: string;
}

/** The day-weighted annual base salary over `stretch`, or null with a warning. */
export function baseSalaryOver(
  participant: Participant,
  stretch: DayRange,
  currency: string,
  fx: FxRates,
  warnings: EvaluationWarning[],
): StretchSalary | null {
  const records = (participant.fields ?? []).filter((f) => f.name === BASE_SALARY);
  const parts: { record: ParticipantField; days: number; minor: number }[] = [];
  for (const record of records) {
    const from = parseDay(record.from);
    const to = record.to ? parseDay(record.to) : null;
    if (from === null) continue;
    const overlap = intersectRanges(stretch, { start: from, end: to ?? Number.MAX_SAFE_INTEGER });
    if (!overlap) continue;
    if (record.currency === null) {
      warnings.push({
        code: 'base-salary-not-money',
        message: `${participant.name}'s base salary from ${record.from} has no currency; import it as money (a currency and minor units). The plan receives no target incentive.`,
      });
      return null;
    }
    // A salary converts at the rate of the last day it is counted for in the stretch.
    const rate =
      record.currency === currency ? 1 : rateOn(fx, `${record.currency}/${currency}`, overlap.end)?.rate;
    if (rate === undefined) {
      warnings.push({
        code: 'target-incentive-currency',
        message: `${participant.name}'s base salary is in ${record.currency} but the plan pays in ${currency} and there is no ${record.currency}/${currency} rate on ${formatDay(overlap.end)}; the plan receives no target incentive.`,
      });
      return null;
    }
    parts.push({ record, days: overlap.end - overlap.start + 1, minor: record.value * rate });
  }
  const range = `${formatDay(stretch.start)} to ${formatDay(stretch.end)}`;
  if (parts.length === 0) {
    warnings.push({
      code: 'base-salary-missing',
      message: `${participant.name} has no base salary from ${range}; the plan's target incentive is a share of it, so it receives none and says what that pays.`,
    });
    return null;
  }
  const days = parts.reduce((sum, p) => sum + p.days, 0);
  const stretchDays = stretch.end - stretch.start + 1;
  if (days < stretchDays) {
    warnings.push({
      code: 'base-salary-partial',
      message: `${participant.name} has a base salary on ${days} of the ${stretchDays} days from ${range}; the days without one are left out of the salary.`,
    });
  }
  const minor = parts.reduce((sum, p) => sum + p.minor * p.days, 0) / days;
  const shown = (p: (typeof parts)[number]) => formatMinor(p.record.value, p.record.currency ?? currency);
  const detail =
    parts.length === 1
      ? `base salary ${shown(parts[0]!)} from ${parts[0]!.record.from}`
      : `base salary weighted by days: ${parts.map((p) => `${shown(p)} for ${p.days} days`).join(', ')}`;
  return { minor, detail };
}
