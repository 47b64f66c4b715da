/** Checks of the plan header. (The currency the compiler uses is read in names.ts, not here.) */
import { closestName, didYouMean, replaceWith } from '../../did-you-mean.js';
import { currencyDigits, digitsOf } from '../../money/currencies.js';
import type * as ast from '../../parser/ast.js';
import { type CheckContext, report } from '../check-context.js';

/** One of each header line, a known currency, and the period and currency present. */
export function checkHeader(ctx: CheckContext, plan: ast.PlanNode): void {
  const seen = new Map<string, ast.HeaderItem>();
  const planRange = plan.name?.range ?? plan.range;
  for (const item of plan.header) {
    // One quota rule per goal is checked with the quota rules; several goals may each have one.
    if (item.kind !== 'GoalRuleItem' && seen.has(item.kind)) {
      report(
        ctx,
        'error',
        'DUPLICATE_HEADER',
        'This header line is already given above; keep only one.',
        item.range,
      );
    }
    seen.set(item.kind, item);
    if (item.kind === 'CurrencyItem' && item.code) {
      const code = item.code.text.toUpperCase();
      if (digitsOf(code) === null) {
        const closest = closestName(code, Object.keys(currencyDigits));
        report(
          ctx,
          'error',
          'UNKNOWN_CURRENCY',
          `'${item.code.text}' is not a currency code this language knows (ISO 4217, e.g. USD, EUR).${didYouMean(closest)}`,
          item.code.range,
          { suggestions: replaceWith(closest, item.code.range) },
        );
      }
    }
  }
  if (!seen.has('PeriodItem')) {
    report(
      ctx,
      'error',
      'MISSING_PERIOD',
      "The plan does not say how often it pays: add 'period quarter' (or month, half, year) under the plan name.",
      planRange,
    );
  }
  if (!seen.has('CurrencyItem')) {
    report(
      ctx,
      'error',
      'MISSING_CURRENCY',
      "The plan does not say its pay currency: add 'currency USD' (or another ISO code) under the plan name.",
      planRange,
    );
  }
}
