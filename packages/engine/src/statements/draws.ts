/**
 * Draws: a guaranteed minimum per period over a range of periods. When a period's earnings fall
 * short of the minimum the statement tops them up; a recoverable draw keeps the top-ups as a
 * balance that later earnings above the minimum pay back. The balance is never stored on its
 * own: it is the sum of the top-up and recovery lines of the earlier statements the run reads
 * (the stored runs it is given, else the periods it computes), so it always agrees with them.
 */
import { type CompiledPlan, type DrawRule, type Explanation, formatMinor, roundMinor } from '@attain/rules';
import { type DayRange, formatDay } from '../periods/day.js';
import { daysCounted, daysInPeriodCounted, type Fraction } from '../periods/day-count.js';
import { daysInPeriod, type Period, parsePeriod } from '../periods/period.js';
import type { DrawSummary, Statement, StatementLine } from './statement.js';

/** The component name of a draw's top-up line, and of its recovery line. */
export const DRAW_COMPONENT = 'draw';
export const DRAW_RECOVERY_COMPONENT = 'draw recovery';

/** A period's draw: its top-up and recovery lines (none when 0) and the summary of the balance. */
export interface DrawOutcome {
  lines: StatementLine[];
  summary: DrawSummary;
  warnings: { code: string; message: string }[];
}

/**
 * The share of the period a participant is on the plan (`stretches`, the statement's segments),
 * by the plan's day count when it prorates its target incentive, else by actual days: a whole
 * period is exactly 1 under every convention, as for targets (day-count.ts).
 */
export function drawShare(plan: CompiledPlan, period: Period, stretches: readonly DayRange[]): Fraction {
  const onPlanDays = stretches.reduce((days, s) => days + daysInPeriod(s), 0);
  if (onPlanDays >= daysInPeriod(period)) return { numerator: 1, denominator: 1 };
  const convention =
    plan.targetIncentive.prorate === 'none' ? 'actual/actual' : plan.targetIncentive.dayCount;
  const days = daysInPeriodCounted(convention, plan.period, period, onPlanDays);
  const counted = stretches.reduce((sum, s) => sum + daysCounted(convention, s), 0);
  return { numerator: counted * days.denominator, denominator: days.numerator };
}

/** The first day of a period id, or NaN. */
function start(id: string): number {
  return parsePeriod(id)?.start ?? Number.NaN;
}

/**
 * The draw of one participant's statement for `periodId`, given its lines so far (its earnings)
 * and the participant's earlier statements of the plan; null when the draw does not touch the
 * period (before its first period, or after its last with nothing left to recover).
 * `computed(statement)` says whether an earlier statement was computed by the engine rather
 * than read from a stored run, so the statement can say its balance relies on it. `proration`
 * is the share of the period the participant is on the plan (drawShare) with the plan's
 * rounding: a partial period's minimum is the draw's amount times it, rounded once.
 */
export function drawFor(
  rule: DrawRule,
  periodId: string,
  range: { from: string; to: string },
  lines: readonly StatementLine[],
  earlier: readonly Statement[],
  currency: string,
  computed: (statement: Statement) => boolean,
  proration: {
    share: Fraction;
    rounding: CompiledPlan['rounding'];
    stretches: readonly DayRange[];
  } = { share: { numerator: 1, denominator: 1 }, rounding: 'half-even', stretches: [] },
): DrawOutcome | null {
  const here = start(periodId);
  const first = start(rule.firstPeriod);
  const last = start(rule.lastPeriod);
  if (!(here >= first)) return null;
  const inRange = here <= last;
  let opening = 0;
  const relied: string[] = [];
  if (rule.recoverable) {
    for (const statement of earlier) {
      const at = start(statement.periodId);
      if (!(at >= first && at < here)) continue;
      let moved = false;
      for (const line of statement.lines) {
        // Top-ups outside the range were paid under another draw (an earlier plan version).
        if (line.kind === 'draw' && at <= last) opening += line.amountMinor;
        else if (line.kind === 'draw-recovery') opening += line.amountMinor;
        else continue;
        moved = true;
      }
      if (moved && computed(statement)) relied.push(statement.periodId);
    }
  }
  if (!inRange && opening === 0) return null;
  const earnings = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const { share } = proration;
  const partial = share.numerator < share.denominator;
  const minimum = !inRange
    ? 0
    : partial
      ? roundMinor((rule.amountMinor * share.numerator) / share.denominator, proration.rounding)
      : rule.amountMinor;
  const topUp = inRange ? Math.max(0, minimum - earnings) : 0;
  const recoveryStarted = rule.recoverable && here >= start(rule.recoveryFrom ?? rule.firstPeriod);
  let recovered = 0;
  if (opening < 0) {
    // Recovered more than was drawn (an earlier period was recalculated lower): paid back.
    recovered = opening;
  } else if (recoveryStarted && opening > 0) {
    recovered = Math.min(opening, Math.max(0, earnings - minimum), rule.recoveryLimitMinor ?? opening);
  }
  const closing = opening + (rule.recoverable ? topUp : 0) - recovered;
  const summary: DrawSummary = {
    label: rule.label,
    recoverable: rule.recoverable,
    earningsMinor: earnings,
    minimumMinor: minimum,
    openingBalanceMinor: opening,
    topUpMinor: topUp,
    recoveredMinor: recovered,
    closingBalanceMinor: closing,
  };
  const money = (amount: number) => formatMinor(amount, currency);
  const node = (label: string, value: number, detail?: string): Explanation => ({
    label,
    value,
    unit: 'money',
    ...(detail ? { detail } : {}),
    children: [],
  });
  // A partial period: the minimum is the draw's amount times the share of the period on the plan.
  const proratedMinimum = (): Explanation => ({
    label: 'guaranteed minimum, prorated',
    value: minimum,
    unit: 'money',
    detail: `${money(rule.amountMinor)} x ${share.numerator}/${share.denominator} of the period on the plan (${proration.stretches.map((s) => `${formatDay(s.start)} to ${formatDay(s.end)}`).join(', ')}), rounded ${proration.rounding}`,
    children: [
      node('draw per period', rule.amountMinor),
      {
        label: 'share of the period on the plan',
        value: share.numerator / share.denominator,
        unit: 'number',
        children: [],
      },
    ],
  });
  const balance = [
    node('balance carried in', opening, 'top-ups not yet recovered, from the earlier statements'),
    node('balance carried out', closing),
  ];
  const out: StatementLine[] = [];
  if (topUp > 0) {
    out.push({
      kind: 'draw',
      component: DRAW_COMPONENT,
      componentCode: DRAW_COMPONENT,
      amountMinor: topUp,
      attainment: null,
      from: range.from,
      to: range.to,
      teamId: null,
      warnings: [],
      explanation: {
        label: `draw top-up to the guaranteed ${money(minimum)}`,
        value: topUp,
        unit: 'money',
        detail: `${rule.label}: earnings of ${money(earnings)} topped up by ${money(topUp)}${rule.recoverable ? ', recoverable from later earnings above the minimum' : ', not recovered'}`,
        children: [
          partial ? proratedMinimum() : node('guaranteed minimum', minimum),
          node('earnings', earnings, 'the lines of this statement before the draw'),
          ...(rule.recoverable ? balance : []),
        ],
      },
    });
  }
  if (recovered !== 0) {
    const limit = rule.recoveryLimitMinor;
    out.push({
      kind: 'draw-recovery',
      component: DRAW_RECOVERY_COMPONENT,
      componentCode: DRAW_RECOVERY_COMPONENT,
      amountMinor: -recovered,
      attainment: null,
      from: range.from,
      to: range.to,
      teamId: null,
      warnings: [],
      explanation: {
        label: recovered > 0 ? 'recovery of the draw' : 'recovered draw paid back',
        value: -recovered,
        unit: 'money',
        detail:
          recovered > 0
            ? `${rule.label}: ${money(recovered)} of the ${money(opening)} balance recovered from the ${money(earnings - minimum)} earned above the minimum${limit !== null && recovered === limit ? ` (at most ${money(limit)} a period)` : ''}`
            : `earlier periods recovered ${money(-opening)} more than was drawn; paid back`,
        children: [
          node('earnings', earnings, 'the lines of this statement before the draw'),
          partial ? proratedMinimum() : node('guaranteed minimum', minimum),
          ...(limit !== null ? [node('recovery limit per period', limit)] : []),
          ...balance,
        ],
      },
    });
  }
  const warnings = relied.length
    ? [
        {
          code: 'draw-balance-computed',
          message: `No payout run is stored for ${relied.join(', ')}; the draw balance counts the top-ups and recoveries those periods would have paid. Calculate them to use what was actually paid.`,
        },
      ]
    : [];
  return { lines: out, summary, warnings };
}
