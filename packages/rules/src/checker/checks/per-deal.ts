/** Checks of payouts applied per deal: curves per deal, and the combinations that stay refused, each saying why. */
import type * as ast from '../../parser/ast.js';
import { perDealSource } from '../../parser/ast-queries.js';
import { type CheckContext, report, unitOf } from '../check-context.js';
import { unitWords } from '../units.js';

/** `pays curve on X, per deal:` needs a sum of money; a curve on the running total is refused with the forms that work. */
export function checkCurveApply(ctx: CheckContext, payout: ast.CurvePayout): void {
  const input = payout.input;
  if (payout.apply === 'running total') {
    report(
      ctx,
      'error',
      'PER_DEAL_UNSUPPORTED',
      "A curve cannot apply 'on the running total': it pays a share of each period's own target, so the year to date would be paid again every period. Read the input for the year to date instead ('pays curve on revenue in year to date / goal \"Annual revenue\":'), or pay a commission that continues through the year with 'pays rates on ..., on the running total:'.",
      payout.range,
    );
    return;
  }
  if (payout.apply !== 'per deal' || !input) return;
  if (!perDealSource(ctx.checked.measures, input)) {
    report(
      ctx,
      'error',
      'PER_DEAL_NEEDS_SUM',
      "A curve 'per deal' is read at each deal of a sum, so its input must be a 'sum of ...' of money (or a measure that is one). An attainment, a ratio or a count has no value per deal: to pay on the period's attainment, leave out ', per deal'.",
      input.range,
    );
    return;
  }
  const unit = unitOf(ctx.checked, input);
  if (unit !== 'money' && unit !== 'any') {
    report(
      ctx,
      'error',
      'UNIT_MISMATCH',
      `A curve 'per deal' is read at each deal's amount, so its input must be money, but this is ${unitWords[unit]}.`,
      input.range,
    );
  }
}

/** A table reads two inputs, and a deal has one amount: `pays table of ..., per deal` is refused. */
export function refuseTablePerDeal(ctx: CheckContext, payout: ast.TablePayout): void {
  if (!payout.perDeal) return;
  report(
    ctx,
    'error',
    'PER_DEAL_UNSUPPORTED',
    "A table cannot apply 'per deal': it chooses a cell by two inputs, and a deal has only its amount. Pay each deal with 'pays curve on SUM, per deal:' and bring in the second input with a gate or a multiplier ('multiply \"Name\" by 110% when margin reaches 30%').",
    payout.range,
  );
}
