/** The plan's draw, compiled: amounts in minor units, periods as written (checked). */
import type * as ast from '../parser/ast.js';
import type { DrawRule } from './compiled-plan.js';
import { compileLiteral, type ExprContext, sourceText } from './expressions.js';

/** The first draw of the plan (the checker refuses a second), or undefined. */
export function compileDraw(ctx: ExprContext, plan: ast.PlanNode): DrawRule | undefined {
  const d = plan.declarations.find((x): x is ast.DrawDecl => x.kind === 'DrawDecl');
  if (!d?.amount || !d.first || !d.last) return undefined;
  return {
    amountMinor: compileLiteral(ctx, d.amount),
    recoverable: d.recoverable,
    firstPeriod: d.first.text,
    lastPeriod: d.last.text,
    recoveryFrom: d.recoverable ? (d.recoveryFrom?.text ?? null) : null,
    recoveryLimitMinor: d.recoverable && d.limit ? compileLiteral(ctx, d.limit) : null,
    label: sourceText(ctx, d.range),
  };
}
