/**
 * Curves per deal: `pays curve on sales, per deal:` reads the curve at each deal of the sum (the
 * participant's credited amount of it, as per-deal rate tables do) and adds what each deal
 * pays. A band's money value is paid per deal as is (`from 10,000 up to 100,000: 200 to 2,000`
 * is a bonus that grows with the deal); a percentage is a rate on the deal (`2% to 4%` pays a
 * 55,000 deal 3% of 55,000). Amounts are exact (fractional minor units).
 */
import { formatExactMinor, formatPercent } from '../money/format.js';
import type * as ast from '../parser/ast.js';
import type { Explanation } from './compiled-plan.js';
import { compileExpression, creditText, type Env, type ExprContext, warn } from './expressions.js';
import {
  bandContains,
  bandValue,
  type CompiledPayout,
  moneyNode,
  type NumericBand,
  numericBand,
  registerFactList,
} from './payouts.js';

/**
 * What the participant's credited part of one deal pays, its band (index) and value chosen by
 * `whole` (the whole deal, or the credited part itself); null when no band covers it. A rate is
 * paid on the credited part, a money amount times the credited share.
 */
function payDeal(
  bands: readonly NumericBand[],
  deal: number,
  whole: number,
): { exact: number; band: number; value: number } | null {
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i]!;
    if (!bandContains(band, whole)) continue;
    const value = bandValue(band, whole);
    const amount = whole === deal || whole === 0 ? value : (value * deal) / whole;
    return { exact: band.share ? value * deal : amount, band: i, value };
  }
  return null;
}

/** A curve read at each deal of a sum; the payout is what the deals pay, added up. */
export function compilePerDealCurve(ctx: ExprContext, payout: ast.CurvePayout, name: string): CompiledPayout {
  const total = compileExpression(ctx, payout.input);
  const key = (payout.input && registerFactList(ctx, payout.input)) || '';
  const bands = payout.bands.map((b) => numericBand(ctx, b));
  const currency = ctx.checked.currency;
  const money = (minor: number) => formatExactMinor(minor, currency);
  // A split deal's band is chosen by the whole deal unless the plan says 'tiers by credited share'.
  const tiersByCredit = payout.dealTiers?.by === 'credited share';
  const wholeOf = (env: Env, i: number, deal: number): number => {
    const credit = tiersByCredit ? null : env.input.transactionCredits?.[key]?.[i];
    return credit ? credit.fullMinor : deal;
  };
  return {
    factListKey: key,
    amount(env) {
      const deals = env.input.transactions[key] ?? [];
      let exact = 0;
      for (let i = 0; i < deals.length; i++) {
        const deal = deals[i]!;
        exact += payDeal(bands, deal, wholeOf(env, i, deal))?.exact ?? 0;
      }
      return exact;
    },
    run(env, _target, explain) {
      const deals = env.input.transactions[key] ?? [];
      const credits = env.input.transactionCredits?.[key];
      let exact = 0;
      const children: Explanation[] = [];
      const transactionPayouts: number[] = [];
      deals.forEach((deal, i) => {
        const whole = wholeOf(env, i, deal);
        const paid = payDeal(bands, deal, whole);
        if (!paid) {
          warn(
            env,
            'NOT_COVERED',
            `"${name}": no band of the curve covers a deal of ${money(deal)}; that deal pays 0.`,
          );
        }
        exact += paid?.exact ?? 0;
        if (!explain) return;
        transactionPayouts.push(paid?.exact ?? 0);
        const band = paid ? bands[paid.band]! : null;
        const how = !paid
          ? 'pays 0 (no band covers it)'
          : `pays ${money(paid.exact)} (tier ${paid.band + 1}: ${band!.text}${band!.to === null ? '' : ', linear'}${band!.share ? `: ${formatPercent(paid.value)} of the deal` : ''}${whole === deal ? '' : `, tier by the whole deal of ${money(whole)}${band!.share ? '' : `, x ${formatPercent(deal / whole)} credited`}`})`;
        const credit = credits?.[i];
        children.push(moneyNode('deal', deal, credit ? `${creditText(credit, currency)}; ${how}` : how));
      });
      if (!explain) return { exact, attainment: null, explanation: [] };
      const reasons: Explanation[] = [
        total.explain(env),
        {
          label: 'per deal',
          value: exact,
          unit: 'money',
          detail: `${deals.length} deal${deals.length === 1 ? '' : 's'}, curve per deal`,
          children,
        },
      ];
      return { exact, attainment: null, explanation: reasons, transactionPayouts };
    },
  };
}
