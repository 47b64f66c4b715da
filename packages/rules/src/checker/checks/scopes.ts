/** Checks of scopes and windows: the refused 'for all teams', and goals read where they add up to nothing. */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, populationForms, report } from '../check-context.js';
import { unitWords } from '../units.js';

/** The nodes that carry a 'for' clause. */
export type ScopedNode = ast.ComponentDecl | ast.ContextExpr | Extract<ast.GivenTarget, { scope: unknown }>;

/**
 * The old 'for all teams' averaged each aggregate over every team of the org, so a ratio became
 * a ratio of averages thinned out by unrelated teams. It is refused: the plan states the
 * statistic and the teams instead.
 */
export function refuseAllTeams(ctx: CheckContext, node: ScopedNode): void {
  const record = node as { kind?: unknown; scope?: ast.ScopeSpec | null; range?: ast.Range };
  const scope = record.scope;
  if (scope?.kind === 'ScopeSpec' && scope.scope === 'population') {
    const operand =
      record.kind === 'ContextExpr'
        ? (record as ast.ContextExpr).operand
        : record.kind === 'GivenMeasure'
          ? (record as { name: ast.Name }).name
          : null;
    const name =
      operand?.kind === 'MeasureRef' ? operand.name.text : operand?.kind === 'Name' ? operand.text : 'X';
    const written = scope.combined ? 'for all teams combined' : 'for all teams';
    const message =
      record.kind === 'ComponentDecl'
        ? `A component cannot be '${written}': it pays each participant. Compare with other teams inside the payout instead, with ${populationForms}.`
        : record.kind === 'GivenMeasure'
          ? `'${written}' no longer exists. Define the comparison as a measure (e.g. 'measure average_${name} = mean of ${name} over teams on this plan') and give that measure here.`
          : `'${written}' does not say which statistic nor which teams (it averaged each part of '${name}' over every team of the organisation). Write ${populationForms.replace(/X/g, name)}.`;
    report(ctx, 'error', 'POPULATION_UNSTATED', message, scope.range);
  }
}
/**
 * Goals in the context around them. A goal read `in year to date` is the sum of the goals of
 * the plan periods so far: that means something for amounts and counts, but a percentage or a
 * score does not add up over periods. (A goal inside a statistic over teams is refused where
 * the statistic is checked, POPULATION_OPERAND; the old 'for all teams' is refused as a whole.)
 */
export function checkGoalContexts(ctx: CheckContext, plan: ast.PlanNode): void {
  const seen = new Set<string>();
  // `scope` is the outermost 'for' clause; the component's own scope applies only without one.
  let componentScope: ast.ScopeSpec | null = null;
  const visit = (node: unknown, window: ast.WindowName | null, scope: ast.ScopeSpec | null): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, window, scope);
      return;
    }
    const record = node as { kind?: unknown };
    if (record.kind === 'ContextExpr') {
      const context = node as ast.ContextExpr;
      visit(context.operand, window ?? context.window, scope ?? context.scope);
      return;
    }
    if (record.kind === 'MeasureRef') {
      const name = (node as ast.MeasureRef).name.text;
      const key = `${name}|${window ?? 'period'}|${(scope ?? componentScope)?.scope ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      visit(ctx.checked.measures.get(name)?.value ?? null, window, scope);
      return;
    }
    if (record.kind === 'MeasureDecl') return; // reached through the references, in their contexts
    if (record.kind === 'GoalRef') {
      checkGoalContext(ctx, node as ast.GoalRef, window, scope ?? componentScope);
      return;
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'range') visit(value, window, scope);
  };
  for (const declaration of plan.declarations) {
    componentScope = declaration.kind === 'ComponentDecl' ? declaration.scope : null;
    visit(declaration, null, null);
  }
}
function checkGoalContext(
  ctx: CheckContext,
  goal: ast.GoalRef,
  window: ast.WindowName | null,
  _scope: ast.ScopeSpec | null,
): void {
  const name = goal.name?.text ?? '';
  const unit = ctx.checked.goalUnits.get(name);
  if (window === 'year to date' && (unit === 'percent' || unit === 'score')) {
    report(
      ctx,
      'error',
      'GOAL_WINDOW_NOT_ADDITIVE',
      `The goal "${name}" is ${unitWords[unit]}, and a year-to-date goal is the sum of the goals of the periods so far, which means nothing for ${unitWords[unit]}. Read it for the period (remove 'in year to date' around the goal), or store the year's target as its own goal and read that.`,
      goal.range,
    );
  }
}
