/**
 * The checker: a parsed plan in, the checked plan the compiler needs out. Three steps, in order:
 * names (names.ts), unit inference (infer-units.ts, a pure pass whose tables the compiler
 * reads), then the checks registered per node kind (check-registry.ts), which only report.
 * Never throws.
 */
import type * as ast from '../parser/ast.js';
import type { CheckContext, CheckedPlan } from './check-context.js';
import { type CheckRegistry, checks, checksBefore, runChecks } from './check-registry.js';
import { inferUnits } from './infer-units.js';
import { collectNames, planCurrency } from './names.js';

export type { CheckedPlan } from './check-context.js';

/** Checks a parsed plan; the registries replace the checks (tests give a broken one). */
export function checkPlanAst(
  plan: ast.PlanNode,
  after: CheckRegistry = checks,
  before: CheckRegistry = checksBefore,
): CheckedPlan {
  const names = collectNames(plan);
  const { tables, diagnostics: unitDiagnostics } = inferUnits(plan, names.measures);
  const { currency, digits } = planCurrency(plan);
  const checked: CheckedPlan = {
    plan,
    diagnostics: [...names.diagnostics, ...unitDiagnostics],
    ...tables,
    measures: names.measures,
    components: names.components,
    currency,
    currencyDigits: digits,
  };
  const ctx: CheckContext = { diagnostics: checked.diagnostics, checked };
  runChecks(ctx, after, before);
  return checked;
}
