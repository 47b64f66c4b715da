/**
 * Checks of components `for each account`: the engine evaluates such a component once per
 * account of the team and pays the sum, which holds only for what can be paid account by account.
 */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, report, unitOf } from '../check-context.js';

/**
 * 'for each account' is a component's scope. Around a measure or an expression it has no single
 * value (which account?), and a team component reading it would see none.
 */
export function checkAccountScopePlacement(
  ctx: CheckContext,
  node: ast.ContextExpr | Extract<ast.GivenTarget, { scope: unknown }>,
): void {
  if (node.scope?.scope !== 'account') return;
  const message =
    node.kind === 'ContextExpr'
      ? "'for each account' is the scope of a whole component, not of a measure: write 'component \"NAME\" for each account' and leave 'for' out of the measure, which then reads one account at a time."
      : "An example's givens are the values of one account already; remove 'for each account' here.";
  report(ctx, 'error', 'ACCOUNT_SCOPE_PLACEMENT', message, node.scope.range);
}

/**
 * What a component `for each account` may pay: money per account (a commission, a rate table on
 * the period total, a curve or table whose values are amounts). A share of the component's
 * target, paid per account, would pay the target once per account; deals and running totals are
 * already paid one by one or over the year, not per account.
 */
export function checkAccountComponent(ctx: CheckContext, component: ast.ComponentDecl): void {
  if (component.scope?.scope !== 'account') return;
  const name = component.name?.text ?? '';
  const payout = component.payout;
  if (!payout) return;
  const share = shareOfTarget(ctx, payout);
  if (share) {
    report(
      ctx,
      'error',
      'ACCOUNT_SHARE_OF_TARGET',
      `"${name}" pays for each account and adds the accounts up, so a share of its target (${share.text}) would pay the target once per account. Pay an amount per account (e.g. '1,000', '2% of revenue', a rate table), or make the component 'for team'.`,
      share.range,
    );
  }
  if (payout.kind === 'RatesPayout' && (payout.apply === 'per deal' || payout.apply === 'running total')) {
    report(
      ctx,
      'error',
      'ACCOUNT_SCOPE_RATES',
      payout.apply === 'per deal'
        ? `"${name}" already pays each deal on its own with 'per deal'; account by account it would pay the same deals. Make the component 'for team' (every deal of the team's accounts), or rate each account's total with 'on the period total'.`
        : `"${name}" pays 'on the running total', which subtracts what the component paid earlier in the year, and that is not known per account. Rate each account's total with 'on the period total', or make the component 'for team'.`,
      payout.range,
    );
  }
}

/** A clawback reverses per-deal payouts, which a component paid per account does not keep. */
export function checkAccountClawback(ctx: CheckContext, clawback: ast.ClawbackDecl): void {
  const name = clawback.component?.text;
  const component = ctx.checked.plan.declarations.find(
    (d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && d.name?.text === name,
  );
  if (component?.scope?.scope !== 'account' || !clawback.component) return;
  report(
    ctx,
    'error',
    'ACCOUNT_SCOPE_CLAWBACK',
    `"${name}" pays for each account, and a clawback reverses what a component paid on each deal, which is not kept per account. Claw back a component 'for team' or 'for individual'.`,
    clawback.component.range,
  );
}

/** The first band, cell or amount of a payout that is a share of the component's target. */
function shareOfTarget(ctx: CheckContext, payout: ast.Payout): { text: string; range: ast.Range } | null {
  switch (payout.kind) {
    case 'CurvePayout': {
      const value = payout.bands.map((b) => b.from).find((v) => v?.percent);
      return value ? { text: value.text, range: value.range } : null;
    }
    case 'TablePayout': {
      const cell = payout.rows.flatMap((r) => r.cells).find((c) => c.percent);
      return cell ? { text: cell.text, range: cell.range } : null;
    }
    case 'RatesPayout':
      return null;
    case 'AmountPayout': {
      const unit = unitOf(ctx.checked, payout.value);
      if (!payout.value || (unit !== 'percent' && unit !== 'score')) return null;
      return { text: unit === 'percent' ? 'a percentage' : 'a score', range: payout.value.range };
    }
  }
}
