/**
 * SPIFFs: 'pays 500 per deal where strategic and won' pays the amount once for each deal the
 * count finds in the component's scope and window (a deal credited to several people counts
 * once for each of them, as every count does). A cap per period is the component's own
 * 'capped at'. Amounts are exact (fractional minor units).
 */
import { formatExactMinor } from '../money/format.js';
import type * as ast from '../parser/ast.js';
import { spiffCount } from '../parser/ast-queries.js';
import type { Explanation } from './compiled-plan.js';
import { compileExpression, type ExprContext, warn } from './expressions.js';
import type { CompiledPayout } from './payouts.js';

/** The amount times the number of qualifying deals. */
export function compileSpiff(ctx: ExprContext, payout: ast.AmountPayout, name: string): CompiledPayout {
  const value = compileExpression(ctx, payout.value);
  // The checker refuses a SPIFF whose kind of deal the text does not decide, so this is set.
  const deals = payout.perDeal ? spiffCount(ctx.checked.measures, payout.perDeal) : null;
  const count = compileExpression(ctx, deals);
  const money = (minor: number) => formatExactMinor(minor, ctx.checked.currency);
  return {
    run(env, _target, explain) {
      const valueNode = explain ? value.explain(env) : null;
      const countNode = explain ? count.explain(env) : null;
      const v = valueNode ? valueNode.value : value.evaluate(env);
      const n = countNode ? countNode.value : count.evaluate(env);
      const reasons: Explanation[] = valueNode && countNode ? [valueNode, countNode] : [];
      if (v === null || n === null) {
        warn(env, 'MISSING_VALUE', `"${name}" has no amount or no count of deals this period; it pays 0.`);
        return { exact: 0, attainment: null, explanation: reasons };
      }
      const exact = v * n;
      if (explain) {
        reasons.push({
          label: 'per deal',
          value: exact,
          unit: 'money',
          detail: `${money(v)} per deal x ${n} deal${n === 1 ? '' : 's'}`,
          children: [],
        });
      }
      return { exact, attainment: null, explanation: reasons };
    },
  };
}
