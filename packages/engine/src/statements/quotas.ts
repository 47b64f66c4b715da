/**
 * Quota rules: how a stored goal becomes the quota of one period. An annual goal is cut to the
 * period (its seasonal weight, or an even share); a participant's quota is prorated by the days
 * employed in the period and ramped by month of tenure, both counted by the rule's day count:
 *
 *   quota = stored goal x period share x sum over the days employed of (day x ramp of its month
 *           of tenure) / days in the period
 *
 * Days employed run from the hire date to the termination date. Month 1 of tenure starts on the
 * hire date, month 2 on the same day of the next month, and so on; after the last month of the
 * ramp the quota is whole.
 */
import { formatPercent, type QuotaRule } from '@attain/rules';
import { type DayRange, dayFromParts, dayParts, formatDay, intersectRanges } from '../periods/day.js';
import { daysCounted, daysInPeriodCounted } from '../periods/day-count.js';
import { daysInPeriod, PERIODS_PER_YEAR, type Period } from '../periods/period.js';

/** The share of the stored goal that is the period's quota, with each step in words. */
export interface QuotaShare {
  factor: number;
  steps: string[];
}

/** The period id the stored goal of `p` has: the year's for an annual goal. */
export function storedGoalPeriod(rule: QuotaRule, p: Period): string {
  return rule.annual ? String(p.year) : p.id;
}

/**
 * The period's share of the stored goal. `employment` is the participant's (null for a team
 * goal, which is only cut: proration and ramps follow one person's dates).
 */
export function quotaShare(rule: QuotaRule, p: Period, employment: DayRange | null): QuotaShare {
  let factor = 1;
  const steps: string[] = [];
  if (rule.annual) {
    const share = rule.seasonality?.[p.index - 1] ?? 1 / PERIODS_PER_YEAR[p.kind];
    factor *= share;
    steps.push(
      `${formatPercent(share)} of the annual goal for ${p.id}${rule.seasonality ? ' (seasonal weight)' : ''}`,
    );
  }
  if (!employment || !rule.prorate) return { factor, steps };
  const convention = rule.prorate;
  const employed = intersectRanges(p, employment);
  if (!employed) return { factor: 0, steps: [...steps, `not employed in ${p.id}`] };
  const days = daysInPeriodCounted(convention, p.kind, p, daysInPeriod(employed));
  let weighted = 0;
  const ramped: string[] = [];
  if (rule.ramp && rule.ramp.length > 0) {
    const hire = employment.start;
    for (let month = 1; month <= rule.ramp.length + 1; month++) {
      const last = month > rule.ramp.length;
      const tenure = {
        start: addMonths(hire, month - 1),
        end: last ? employed.end : addMonths(hire, month) - 1,
      };
      const piece = intersectRanges(employed, tenure);
      if (!piece) continue;
      const share = last ? 1 : rule.ramp[month - 1]!;
      const counted = daysCounted(convention, piece);
      weighted += counted * share;
      ramped.push(
        `${counted} days at ${formatPercent(share)} (${ordinal(month)} month of tenure${last ? ' on' : ''})`,
      );
    }
  } else weighted = daysCounted(convention, employed);
  const daysText =
    days.denominator === 1 ? String(days.numerator) : String(days.numerator / days.denominator);
  factor *= (weighted * days.denominator) / days.numerator;
  steps.push(
    ramped.length > 0
      ? `ramped: ${ramped.join(', ')} of ${daysText} days in ${p.id} (${convention})`
      : `${weighted} days employed of ${daysText} days in ${p.id} (${convention}, ${formatDay(employed.start)} to ${formatDay(employed.end)})`,
  );
  return { factor, steps };
}

/** 1st, 2nd, 3rd, 4th...: ordinals read as words, not as amounts. */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** The same day `months` months later (rolling over like the calendar: 31 January + 1 month is 3 March). */
function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = dayParts(dayNumber);
  return dayFromParts(year, month + months, day);
}
