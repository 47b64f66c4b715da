/**
 * Rate tables (commissions): marginal or retroactive rates on a period total, a running total or
 * each deal, optionally against a goal. Amounts are exact (fractional minor units).
 */
import { formatExactMinor, formatMinor, formatPercent } from '../money/format.js';
import type * as ast from '../parser/ast.js';
import type { Explanation } from './compiled-plan.js';
import {
  compileExpression,
  compileLiteral,
  creditText,
  type Env,
  type ExprContext,
  sourceText,
  warn,
} from './expressions.js';
import { bandContains, type CompiledPayout, moneyNode, numericRange, registerFactList } from './payouts.js';

interface RateBand {
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
  rate: number;
  text: string;
}

/** Marginal: each band's rate on the part of [from, to] inside it (bounds in the band's units, scaled by `scale` to money). */
function marginal(
  bands: RateBand[],
  from: number,
  to: number,
  scale: number,
  money: (minor: number) => string,
): { amount: number; parts: string[] } {
  let amount = 0;
  const parts: string[] = [];
  const sign = to >= from ? 1 : -1;
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  for (const band of bands) {
    const inside = Math.min(high, band.upper) - Math.max(low, band.lower);
    if (inside > 0) {
      amount += sign * inside * scale * band.rate;
      parts.push(`${band.text} on ${money(inside * scale)}`);
    }
  }
  return { amount, parts };
}

/** A rate table's payout. */
export function compileRates(
  ctx: ExprContext,
  payout: ast.RatesPayout,
  name: string,
  /** The component's code: what was paid earlier is kept by it, so a renamed component keeps its payments. */
  code = name,
): CompiledPayout {
  const against = payout.against ? compileExpression(ctx, payout.against) : null;
  const bands: RateBand[] = payout.bands.map((b) => ({
    ...numericRange(ctx, b.bounds),
    rate: b.from ? compileLiteral(ctx, b.from) : 0,
    text: sourceText(ctx, b.range),
  }));
  const retroactive = payout.mode === 'retroactive';
  const money = (minor: number) => formatExactMinor(minor, ctx.checked.currency);
  const rateAt = (x: number): RateBand | undefined => {
    for (const band of bands) if (bandContains(band, x)) return band;
    return undefined;
  };
  /** Pays one base amount (a deal or a total) from 0. */
  const payOn = (amount: number, goal: number | null): { exact: number; detail: string } => {
    const x = goal === null ? amount : amount / goal;
    if (retroactive) {
      const band = rateAt(x);
      return band ? { exact: amount * band.rate, detail: band.text } : { exact: 0, detail: 'no tier' };
    }
    const m = marginal(bands, 0, x, goal ?? 1, money);
    return { exact: m.amount, detail: m.parts.join('; ') };
  };
  // A split deal's tier is chosen by the whole deal unless the plan says 'tiers by credited share'.
  const tiersByCredit = payout.dealTiers?.by === 'credited share';
  /**
   * Pays the participant's credited part of a deal, its tier chosen by `whole` (the whole deal,
   * or the credited part itself): retroactive, the credited part at that tier's rate; marginal,
   * the whole deal's marginal amount times the credited share.
   */
  const payDeal = (deal: number, whole: number, goal: number | null): { exact: number; detail: string } => {
    if (whole === deal || whole === 0) return payOn(deal, goal);
    const x = goal === null ? whole : whole / goal;
    const of = `tier by the whole deal of ${money(whole)}`;
    if (retroactive) {
      const band = rateAt(x);
      return band
        ? { exact: deal * band.rate, detail: `${band.text}, ${of}` }
        : { exact: 0, detail: `no tier, ${of}` };
    }
    const m = marginal(bands, 0, x, goal ?? 1, money);
    return {
      exact: (m.amount * deal) / whole,
      detail: `${m.parts.join('; ')} on the whole deal, x ${formatPercent(deal / whole)} credited`,
    };
  };
  /** The goal's own explanation, for rates read as attainment against it. */
  const goalReasons = (env: Env): Explanation[] => (against ? [against.explain(env)] : []);
  /** "on 120% of goal 30,000.00 USD" when the rates are against a goal. */
  const againstText = (amount: number, goal: number | null | undefined): string =>
    goal ? ` on ${formatPercent(amount / goal)} of goal ${money(goal)}` : '';
  const readGoal = (env: Env): number | null | undefined => {
    if (!against) return undefined;
    const g = against.evaluate(env);
    if (g === null || g === 0) {
      warn(
        env,
        'MISSING_GOAL',
        `"${name}": the rates are against a goal that is missing or zero; it pays 0.`,
      );
      return null;
    }
    return g;
  };

  if (payout.apply === 'per deal') {
    const total = compileExpression(ctx, payout.input);
    const key = (payout.input && registerFactList(ctx, payout.input)) || '';
    return {
      factListKey: key,
      run(env, _target, explain) {
        const goal = readGoal(env);
        if (goal === null)
          return { exact: 0, attainment: null, explanation: explain ? goalReasons(env) : [] };
        const deals = env.input.transactions[key] ?? [];
        const credits = env.input.transactionCredits?.[key];
        let exact = 0;
        const children: Explanation[] = [];
        const transactionPayouts: number[] = [];
        deals.forEach((deal, i) => {
          const credit = credits?.[i];
          const whole = !tiersByCredit && credit ? credit.fullMinor : deal;
          const paid = payDeal(deal, whole, goal ?? null);
          exact += paid.exact;
          if (explain) {
            transactionPayouts.push(paid.exact);
            const credited = credit ? creditText(credit, ctx.checked.currency) : null;
            const pays = `pays ${money(paid.exact)}${againstText(deal, goal)} (${paid.detail})`;
            children.push(moneyNode('deal', deal, credited ? `${credited}; ${pays}` : pays));
          }
        });
        const reasons: Explanation[] = explain
          ? [
              total.explain(env),
              ...goalReasons(env),
              {
                label: 'per deal',
                value: exact,
                unit: 'money',
                detail: `${deals.length} deal${deals.length === 1 ? '' : 's'}, ${payout.mode}`,
                children,
              },
            ]
          : [];
        return explain
          ? { exact, attainment: null, explanation: reasons, transactionPayouts }
          : { exact, attainment: null, explanation: reasons };
      },
    };
  }

  const input = compileExpression(ctx, payout.input);
  if (payout.apply === 'running total') {
    const yearToDate = compileExpression({ ...ctx, window: 'year to date' }, payout.input);
    return {
      run(env, _target, explain) {
        const goal = readGoal(env);
        const period = input.evaluate(env);
        const ytd = yearToDate.evaluate(env);
        if (goal === null || period === null || ytd === null) {
          return {
            exact: 0,
            attainment: null,
            explanation: explain ? [input.explain(env), yearToDate.explain(env), ...goalReasons(env)] : [],
          };
        }
        const scale = goal ?? 1;
        let exact: number;
        let detail: string;
        if (ctx.trueUp) {
          // The plan's true-up subtracts what earlier periods paid, once, after caps and rounding.
          const earned = retroactive
            ? payOn(ytd, goal ?? null)
            : marginal(bands, 0, ytd / scale, scale, money);
          exact = 'exact' in earned ? earned.exact : earned.amount;
          detail = `earned to date on ${money(ytd)}: ${'detail' in earned ? earned.detail : earned.parts.join('; ')}`;
        } else if (retroactive) {
          const earned = payOn(ytd, goal ?? null);
          const paid = env.input.earlier?.paidMinor[code] ?? 0;
          exact = earned.exact - paid;
          detail = `earned to date ${money(earned.exact)} (${earned.detail}) minus paid earlier ${formatMinor(paid, ctx.checked.currency)}`;
        } else {
          const m = marginal(bands, (ytd - period) / scale, ytd / scale, scale, money);
          exact = m.amount;
          detail = `from ${money(ytd - period)} to ${money(ytd)} to date${againstText(ytd, goal)}: ${m.parts.join('; ')}`;
        }
        const reasons: Explanation[] = explain
          ? [
              input.explain(env),
              yearToDate.explain(env),
              ...goalReasons(env),
              { label: 'running total', value: exact, unit: 'money', detail, children: [] },
            ]
          : [];
        return { exact, attainment: goal ? ytd / goal : null, explanation: reasons };
      },
    };
  }
  // Against a goal, a stretch shorter than the period is paid at the rates the whole period
  // earns against the period's goal, on its own facts' share of the period's amount.
  const wholePeriod =
    against && ctx.withinStretch ? compileExpression({ ...ctx, withinStretch: false }, payout.input) : null;
  return {
    run(env, _target, explain) {
      const goal = readGoal(env);
      const inputNode = explain ? input.explain(env) : null;
      const x = inputNode ? inputNode.value : input.evaluate(env);
      if (x === null || goal === null)
        return {
          exact: 0,
          attainment: null,
          explanation: inputNode ? [inputNode, ...goalReasons(env)] : [],
        };
      const whole = wholePeriod && env.input.stretchAggregates ? wholePeriod.evaluate(env) : null;
      if (whole !== null && whole !== 0 && whole !== x && goal) {
        const paidWhole = payOn(whole, goal);
        const exact = (paidWhole.exact * x) / whole;
        const reasons: Explanation[] = inputNode
          ? [
              inputNode,
              ...(wholePeriod ? [wholePeriod.explain(env)] : []),
              ...goalReasons(env),
              {
                label: 'rates',
                value: exact,
                unit: 'money',
                detail: `${payout.mode}, the whole period${againstText(whole, goal)}: ${paidWhole.detail} = ${money(paidWhole.exact)}; this stretch's ${money(x)} is ${formatPercent(x / whole)} of the period's ${money(whole)}`,
                children: [],
              },
            ]
          : [];
        return { exact, attainment: whole / goal, explanation: reasons };
      }
      const paid = payOn(x, goal ?? null);
      const reasons: Explanation[] = inputNode
        ? [
            inputNode,
            ...goalReasons(env),
            {
              label: 'rates',
              value: paid.exact,
              unit: 'money',
              detail: `${payout.mode}${againstText(x, goal)}: ${paid.detail}`,
              children: [],
            },
          ]
        : [];
      return { exact: paid.exact, attainment: goal ? x / goal : null, explanation: reasons };
    },
  };
}
