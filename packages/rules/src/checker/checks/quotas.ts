/** Checks of quota rules ('goal "Quota": annual, seasonal weights ..., prorated by ..., ramp by month of tenure ...'). */
import type * as ast from '../../parser/ast.js';
import { compareRatios, ratioOfDecimal, sumRatios } from '../../ratio.js';
import { type CheckContext, formatNumber, report } from '../check-context.js';

const PERIODS_PER_YEAR = { month: 12, quarter: 4, half: 2, year: 1 } as const;
const PERIOD_WORDS = { month: 'month', quarter: 'quarter', half: 'half', year: 'year' } as const;

/** One rule per goal, seasonal weights that cut a year into the plan's periods exactly, a ramp with its proration. */
export function checkGoalRule(ctx: CheckContext, rule: ast.GoalRuleItem): void {
  const plan = ctx.checked.plan;
  const name = rule.name?.text ?? '';
  const first = plan.header.find(
    (h): h is ast.GoalRuleItem => h.kind === 'GoalRuleItem' && h.name?.text === name,
  );
  if (first && first !== rule) {
    report(
      ctx,
      'error',
      'DUPLICATE_HEADER',
      `Goal "${name}" already has a quota rule above; keep only one.`,
      rule.range,
      {
        related: [{ message: `The first quota rule of goal "${name}"`, range: first.range }],
      },
    );
  }
  const unit = ctx.checked.goalUnits.get(name);
  if (unit === 'percent' || unit === 'score') {
    report(
      ctx,
      'error',
      'QUOTA_NOT_ADDITIVE',
      `Goal "${name}" is used as ${unit === 'percent' ? 'a percentage' : 'a score'}, which does not add up over periods, so it cannot be cut from the year, prorated or ramped. A quota rule is for amounts and counts.`,
      rule.range,
    );
  }
  const period = plan.header.find((h): h is ast.PeriodItem => h.kind === 'PeriodItem')?.period ?? null;
  if (rule.seasonality.length > 0) checkSeasonality(ctx, rule, period);
  for (const value of [...rule.seasonality, ...rule.ramp]) {
    if (!value.percent || value.written < 0) {
      report(
        ctx,
        'error',
        'UNIT_MISMATCH',
        `A weight of a quota rule is a percentage of 0% or more, e.g. '25%'.`,
        value.range,
      );
    }
  }
  if (rule.ramp.length > 0 && !rule.prorate) {
    report(
      ctx,
      'error',
      'RAMP_NEEDS_PRORATION',
      `A ramp follows the months of tenure from the hire date, so the goal must also say what the days before the hire count for: add 'prorated by days employed (actual/actual)' (or another day count) to the rule of goal "${name}".`,
      rule.range,
    );
  }
}

function checkSeasonality(ctx: CheckContext, rule: ast.GoalRuleItem, period: ast.PeriodItem['period']): void {
  const first = rule.seasonality[0]!;
  const range = { start: first.range.start, end: rule.seasonality.at(-1)!.range.end };
  if (!rule.annual) {
    report(
      ctx,
      'error',
      'SEASONALITY_SHAPE',
      "Seasonal weights cut an annual goal into the plan's periods: add 'annual' to the rule (the goal is then stored once for the year).",
      range,
    );
    return;
  }
  if (period) {
    const expected = PERIODS_PER_YEAR[period];
    if (rule.seasonality.length !== expected) {
      report(
        ctx,
        'error',
        'SEASONALITY_SHAPE',
        `The plan pays by ${PERIOD_WORDS[period]}, so the seasonal weights need one share for each of the year's ${expected} ${PERIOD_WORDS[period]}${expected === 1 ? '' : 's'}, not ${rule.seasonality.length}.`,
        range,
      );
      return;
    }
  }
  if (rule.seasonality.some((v) => !v.percent)) return;
  const total = sumRatios(rule.seasonality.map((v) => ratioOfDecimal(v.text, 100)));
  if (compareRatios(total, { numerator: 1, denominator: 1 }) !== 0) {
    report(
      ctx,
      'error',
      'SEASONALITY_NOT_100',
      `The seasonal weights add up to ${formatNumber(Number(((total.numerator / total.denominator) * 100).toFixed(4)))}%, not 100%: the periods' quotas would not add up to the annual goal.`,
      range,
    );
  }
}
