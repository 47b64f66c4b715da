/**
 * The target incentive of each stretch of a statement: the annual target cut to the period and
 * prorated by the plan's day count, with the proration kept as data and as an explanation.
 *
 * The stretches' exact amounts are rounded together: their total is rounded half-even and the
 * cents are handed out by largest remainder, so a participant on the plan the whole period gets
 * exactly the period's cut however many stretches (team moves, plan versions) it has.
 */
import { type EvaluationWarning, type Explanation, formatMinor, formatPercent } from '@attain/rules';
import type { Participant } from '../model/org.js';
import { type FxRates, rateOn } from '../money/fx.js';
import { divideHalfEven } from '../money/money.js';
import { formatDay } from '../periods/day.js';
import { type Fraction, prorateStretch, type StretchProration } from '../periods/day-count.js';
import { daysInPeriod, PERIODS_PER_YEAR, type Period } from '../periods/period.js';
import { baseSalaryOver } from './base-salary.js';
import type { Segment } from './segments.js';
import type { TargetProration } from './statement.js';

/** A stretch's target incentive with how it was derived; all null when the participant has none. */
export interface StretchTarget {
  targetIncentiveMinor: number | null;
  proration: TargetProration | null;
  explanation: Explanation | null;
}

interface Pending {
  index: number;
  currency: string;
  annualMinor: number;
  /** The stretch's exact target in minor units: annualMinor x share.numerator / share.denominator. */
  share: { numerator: bigint; denominator: bigint };
  proration: TargetProration;
  annualDetail: string;
}

/**
 * Each stretch's share of the period as its plan's target incentive rule counts it: days
 * employed over days in the period by the plan's day count, or, not prorated, its actual days
 * of all the days on the plan in the period (so the stretches share the whole period).
 */
export function stretchShares(period: Period, segments: readonly Segment[]): StretchProration[] {
  const onPlanDays = segments.reduce((days, s) => days + daysInPeriod(s), 0);
  return segments.map((segment) => {
    const plan = segment.version.plan;
    const dayCount = plan.targetIncentive.prorate === 'none' ? null : plan.targetIncentive.dayCount;
    return dayCount
      ? prorateStretch(dayCount, plan.period, period, segment, onPlanDays)
      : {
          daysEmployed: daysInPeriod(segment),
          daysInPeriod: { numerator: daysInPeriod(period), denominator: 1 },
          fraction: { numerator: daysInPeriod(segment), denominator: onPlanDays },
        };
  });
}

/** The target incentive of every stretch of one participant's period, in the stretches' order. */
export function stretchTargets(
  period: Period,
  participant: Participant,
  segments: readonly Segment[],
  fx: FxRates,
  warnings: EvaluationWarning[],
): StretchTarget[] {
  const onPlanDays = segments.reduce((days, s) => days + daysInPeriod(s), 0);
  const wholePeriod = onPlanDays >= daysInPeriod(period);
  const shares = stretchShares(period, segments);
  const out: StretchTarget[] = segments.map(() => ({
    targetIncentiveMinor: null,
    proration: null,
    explanation: null,
  }));
  const pending: Pending[] = [];
  segments.forEach((segment, index) => {
    const plan = segment.version.plan;
    const annual = annualTarget(participant, segment, plan.currency, fx, warnings);
    if (!annual) return;
    const perYear = PERIODS_PER_YEAR[plan.period];
    const dayCount = plan.targetIncentive.prorate === 'none' ? null : plan.targetIncentive.dayCount;
    // Not prorated: the stretches share the whole cut by their actual days.
    const counted = shares[index] as StretchProration;
    pending.push({
      index,
      currency: plan.currency,
      annualMinor: annual.minor,
      share: {
        numerator: BigInt(counted.fraction.numerator),
        denominator: BigInt(counted.fraction.denominator) * BigInt(perYear),
      },
      proration: {
        annualTargetIncentiveMinor: annual.minor,
        periodsPerYear: perYear,
        dayCount,
        daysEmployed: counted.daysEmployed,
        daysInPeriod: value(counted.daysInPeriod),
        wholePeriod,
        fraction: value(counted.fraction),
      },
      annualDetail: annual.detail,
    });
  });
  for (const group of groupBy(pending, (p) => p.currency)) {
    const amounts = allocate(group.map((p) => ({ minor: p.annualMinor, share: p.share })));
    const total = amounts.reduce((sum, a) => sum + a, 0);
    group.forEach((p, i) => {
      const minor = amounts[i] as number;
      const segment = segments[p.index] as Segment;
      out[p.index] = {
        targetIncentiveMinor: minor,
        proration: p.proration,
        explanation: explain(period, segment, p, minor, group.length > 1 ? total : null),
      };
    });
  }
  return out;
}

/** The annual target (assignment override, else the participant's) in the plan currency, or null with a warning. */
function annualTarget(
  participant: Participant,
  segment: Segment,
  currency: string,
  fx: FxRates,
  warnings: EvaluationWarning[],
): { minor: number; detail: string } | null {
  const override = segment.assignment.annualTargetIncentiveMinor;
  const ofSalary = segment.version.plan.targetIncentive.ofBaseSalary;
  if (override == null && ofSalary !== undefined) {
    const salary = baseSalaryOver(participant, segment, currency, fx, warnings);
    if (!salary) return null;
    const minor = Math.round(ofSalary * salary.minor);
    return {
      minor,
      detail: `${formatPercent(ofSalary)} of ${salary.detail} = ${formatMinor(minor, currency)}`,
    };
  }
  const annual = override ?? participant.annualTargetIncentiveMinor ?? null;
  if (annual === null || !Number.isFinite(annual)) {
    warnings.push({
      code: 'target-incentive-missing',
      message: `${participant.name} has no annual target incentive (on the participant or the assignment); the plan receives none and says what that pays.`,
    });
    return null;
  }
  const source = override != null ? 'from the assignment' : "from the participant's record";
  if (participant.currency === currency) return { minor: Math.round(annual), detail: source };
  // The annual target converts at the rate of the stretch's last day.
  const rate = rateOn(fx, `${participant.currency}/${currency}`, segment.end)?.rate;
  if (rate === undefined) {
    warnings.push({
      code: 'target-incentive-currency',
      message: `${participant.name}'s target incentive is in ${participant.currency} but the plan pays in ${currency} and there is no ${participant.currency}/${currency} rate on ${formatDay(segment.end)}; the plan receives none.`,
    });
    return null;
  }
  return {
    minor: Math.round(annual * rate),
    detail: `${source}: ${formatMinor(Math.round(annual), participant.currency)} at ${participant.currency}/${currency} ${rate}`,
  };
}

/**
 * Each exact amount (minor x share) rounded so that the parts add up to the half-even rounding
 * of their exact total: each part gets its floor, and the units left over go to the largest
 * remainders (ties to the earlier stretch).
 */
export function allocate(
  parts: readonly { minor: number; share: { numerator: bigint; denominator: bigint } }[],
): number[] {
  const denominator = parts.reduce((d, p) => lcm(d, p.share.denominator), 1n);
  const exact = parts.map((p) => BigInt(p.minor) * p.share.numerator * (denominator / p.share.denominator));
  const total = divideHalfEven(
    exact.reduce((sum, e) => sum + e, 0n),
    denominator,
  );
  const floors = exact.map((e) => floorDiv(e, denominator));
  let left = total - floors.reduce((sum, f) => sum + f, 0n);
  const order = exact
    .map((e, i) => ({ i, remainder: e - (floors[i] as bigint) * denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (let k = 0; left > 0n && k < order.length; k++, left--) {
    const i = (order[k] as { i: number }).i;
    floors[i] = (floors[i] as bigint) + 1n;
  }
  return floors.map(Number);
}

/** The rep-facing account of one stretch's target: amounts formatted, days and fractions as numbers. */
function explain(
  period: Period,
  segment: Segment,
  p: Pending,
  minor: number,
  stretchesTotal: number | null,
): Explanation {
  const { proration, currency } = p;
  const kind = period.kind;
  const range = `${formatDay(segment.start)} to ${formatDay(segment.end)}`;
  const cut = `1/${proration.periodsPerYear}`;
  const annualText = formatMinor(proration.annualTargetIncentiveMinor, currency);
  const days = number(proration.daysInPeriod);
  const how = proration.dayCount
    ? proration.wholePeriod && proration.fraction === 1
      ? `; on the plan the whole ${kind}, so exactly its cut`
      : ` x ${proration.daysEmployed} / ${days} days employed (${proration.dayCount})`
    : ', not prorated';
  const split =
    stretchesTotal === null
      ? ''
      : `; rounded so the stretches of the ${kind} add up to ${formatMinor(stretchesTotal, currency)}`;
  const children: Explanation[] = [
    {
      label: 'annual target incentive',
      value: proration.annualTargetIncentiveMinor,
      unit: 'money',
      detail: p.annualDetail,
      children: [],
    },
    {
      label: 'share of the year',
      value: 1 / proration.periodsPerYear,
      unit: 'percent',
      detail: `a ${kind} is ${cut} of the year`,
      children: [],
    },
    {
      label: proration.dayCount ? 'days employed' : 'days on the plan',
      value: proration.daysEmployed,
      unit: 'count',
      detail: `${range}, ${proration.dayCount === '30/360' ? 'counting 30 days a month' : 'actual days'}`,
      children: [],
    },
    {
      label: 'days in the period',
      value: proration.daysInPeriod,
      unit: 'count',
      detail: daysInPeriodDetail(proration, kind),
      children: [],
    },
    {
      label: proration.dayCount ? 'fraction of the period employed' : "this stretch's share of the period",
      value: proration.fraction,
      unit: 'percent',
      detail: proration.dayCount
        ? `${proration.daysEmployed} / ${days}`
        : `its days of all the days on the plan in the ${kind}`,
      children: [],
    },
  ];
  return {
    label: 'target incentive',
    value: minor,
    unit: 'money',
    detail: `${annualText} a year x ${cut} for the ${kind}${how}${split}`,
    children,
  };
}

function daysInPeriodDetail(proration: TargetProration, kind: Period['kind']): string {
  switch (proration.dayCount) {
    case null:
    case 'actual/actual':
      return `the ${kind}'s actual days`;
    case 'actual/365':
      if (proration.wholePeriod) return `on the plan the whole ${kind}: its actual days, so exactly its cut`;
      return proration.daysInPeriod === 365 / proration.periodsPerYear
        ? `365 / ${proration.periodsPerYear}: each day employed earns 1/365 of the annual target`
        : `the days employed: a partial ${kind} never earns more than a whole one`;
    case '30/360':
      return '30 days a month';
  }
}

function value(fraction: Fraction): number {
  return fraction.numerator / fraction.denominator;
}

/** A day count for text: whole days as they are, 91.25 as it is. */
function number(n: number): string {
  return String(Number(n.toFixed(6)));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
