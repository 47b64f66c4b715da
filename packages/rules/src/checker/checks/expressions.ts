/**
 * Checks of expressions that do not change their unit: unknown measures, division by zero, and
 * statistics over teams. Each looks only at nodes unit inference reached, as the checker always has.
 */
import type * as ast from '../../parser/ast.js';
import { misreadStatistic } from '../../parser/ast-queries.js';
import { type CheckContext, populationForms, report, reportUnknown } from '../check-context.js';

/** A measure read is declared, else UNKNOWN_MEASURE with a did-you-mean. */
export function checkMeasureRef(ctx: CheckContext, e: ast.MeasureRef): void {
  if (!ctx.checked.units.has(e) || ctx.checked.measures.has(e.name.text)) return;
  reportUnknown(
    ctx,
    'UNKNOWN_MEASURE',
    `There is no measure named '${e.name.text}'. Define it with 'measure ${e.name.text} = ...'.`,
    e.name,
    ctx.checked.measures.keys(),
  );
}

/** A divisor that is zero is an error; one that can be zero (no facts) a warning. */
export function checkDivision(ctx: CheckContext, e: ast.BinaryExpr): void {
  if (e.operator !== '/' || !ctx.checked.units.has(e)) return;
  if (e.right && canBeZero(ctx, e.right, new Set())) {
    report(
      ctx,
      'warning',
      'POSSIBLE_DIVISION_BY_ZERO',
      'This divisor can be zero (for example when there are no facts in the period). The result is then treated as missing, and a payout that depends on it pays 0.',
      e.right.range,
    );
  }
  if (e.right?.kind === 'NumberLit' && e.right.written === 0) {
    report(ctx, 'error', 'DIVISION_BY_ZERO', 'Division by zero.', e.right.range);
  }
}

/** 'for team' or 'for individual' around a statistic over teams means nothing. */
export function checkContextScope(ctx: CheckContext, e: ast.ContextExpr): void {
  if (!ctx.checked.units.has(e)) return;
  if (
    e.scope &&
    e.scope.scope !== 'population' &&
    e.operand &&
    containsPopulation(ctx, e.operand, new Set())
  ) {
    report(
      ctx,
      'error',
      'POPULATION_SCOPE',
      `A statistic over teams reads each team's own facts, so 'for ${e.scope.scope === 'account' ? 'each account' : e.scope.scope}' cannot apply to it; remove the 'for' clause.`,
      e.scope.range,
    );
  }
}

/** A statistic over teams states which statistic and which teams. */
export function checkPopulationStated(ctx: CheckContext, e: ast.PopulationExpr): void {
  if (!ctx.checked.units.has(e)) return;
  if (e.statistic === null) {
    const found = misreadStatistic(ctx.checked.measures, e);
    const misread = found?.measure.text;
    if (found) {
      const operand = found.operand;
      const word = { sum: 'sum', count: 'count', average: 'average', min: 'minimum', max: 'maximum' }[
        operand.aggregation
      ];
      report(
        ctx,
        'error',
        'UNKNOWN_STATISTIC',
        `'${word} of ${misread} over ...' is not a statistic over teams. Write 'mean of ${misread} over ...' (the average of each team's ${misread}), 'median of ${misread} over ...' or 'pooled ${misread} over ...'.`,
        { start: e.range.start, end: operand.range.end },
      );
      return;
    }
    report(
      ctx,
      'error',
      'POPULATION_STATISTIC_MISSING',
      `Say which statistic of the teams' values this is: ${populationForms}.`,
      e.range,
    );
  }
  if (!e.population) {
    report(
      ctx,
      'error',
      'POPULATION_MISSING',
      `Say which teams the ${e.statistic ?? 'statistic'} is over, e.g. add 'over teams on this plan' (or 'over teams in vertical "Retail"', 'over teams in geography "EMEA"', 'over teams "T1", "T2"').`,
      e.range,
    );
  } else checkPopulationSpec(ctx, e.population);
}

/** What each team measures cannot be the same for every team, nor belong to the person paid. */
export function checkPopulationOperand(ctx: CheckContext, e: ast.PopulationExpr): void {
  const operand = e.operand;
  if (!ctx.checked.units.has(e) || !operand || misreadStatistic(ctx.checked.measures, e)) return;
  const found = { aggregates: 0 };
  operandProblems(ctx, operand, operand.range, found, new Set());
  if (found.aggregates === 0) {
    report(
      ctx,
      'error',
      'POPULATION_NOT_A_MEASURE',
      `A statistic over teams needs something each team measures from its facts (a measure or an aggregate such as 'sum of churn.amount'); '${operand.kind === 'NumberLit' ? operand.text : 'this'}' is the same for every team.`,
      operand.range,
    );
  }
}
function checkPopulationSpec(ctx: CheckContext, spec: ast.PopulationSpec): void {
  if (spec.population === null) {
    report(
      ctx,
      'error',
      'POPULATION_EMPTY',
      `Say which teams after 'teams': 'teams on this plan', 'teams in vertical "Retail"', 'teams in geography "EMEA"', or team ids such as 'teams "T1", "T2"'.`,
      spec.range,
    );
    return;
  }
  const seen = new Set<string>();
  for (const name of spec.names) {
    if (name.text.trim() === '') {
      report(
        ctx,
        'error',
        'POPULATION_EMPTY',
        spec.population === 'named'
          ? 'A team id cannot be empty; write the id of a team between the quotes.'
          : `Write the ${spec.population} between the quotes, e.g. 'teams in ${spec.population} "${spec.population === 'vertical' ? 'Retail' : 'EMEA'}"'.`,
        name.range,
      );
    } else if (seen.has(name.text)) {
      report(
        ctx,
        'warning',
        'POPULATION_DUPLICATE_TEAM',
        `The team "${name.text}" is already named in this list; it counts once.`,
        name.range,
      );
    }
    seen.add(name.text);
  }
}
/** What a team's value cannot depend on, looked for through measures; `at` is where to point from inside a measure. */
function operandProblems(
  ctx: CheckContext,
  e: ast.Expression | null,
  at: ast.Range,
  found: { aggregates: number },
  seen: Set<string>,
): void {
  if (!e) return;
  const where = (range: ast.Range) =>
    range.start.offset >= at.start.offset && range.end.offset <= at.end.offset ? range : at;
  switch (e.kind) {
    case 'AggregateExpr':
      found.aggregates++;
      return;
    case 'GoalRef':
    case 'TargetIncentiveRef':
      report(
        ctx,
        'error',
        'POPULATION_OPERAND',
        `A statistic over teams compares what teams measure from their facts; ${e.kind === 'GoalRef' ? 'a goal' : 'the target incentive'} belongs to the person paid, not to each team. Take it out of the statistic (e.g. 'mean of revenue over teams on this plan / goal "Revenue"').`,
        where(e.range),
      );
      return;
    case 'PopulationExpr':
      report(
        ctx,
        'error',
        'POPULATION_NESTED',
        'A statistic over teams cannot contain another one: each team has one value. Write the two statistics side by side instead.',
        where(e.range),
      );
      return;
    case 'ContextExpr':
      if (e.scope && e.scope.scope !== 'team' && e.scope.scope !== 'population') {
        report(
          ctx,
          'error',
          'POPULATION_SCOPE',
          `A statistic over teams reads each team's facts, so 'for ${e.scope.scope === 'account' ? 'each account' : e.scope.scope}' cannot be inside it; remove the 'for' clause.`,
          where(e.scope.range),
        );
      }
      operandProblems(ctx, e.operand, at, found, seen);
      return;
    case 'NegateExpr':
      operandProblems(ctx, e.operand, at, found, seen);
      return;
    case 'BinaryExpr':
      operandProblems(ctx, e.left, at, found, seen);
      operandProblems(ctx, e.right, at, found, seen);
      return;
    case 'MeasureRef': {
      if (seen.has(e.name.text)) return;
      seen.add(e.name.text);
      operandProblems(ctx, ctx.checked.measures.get(e.name.text)?.value ?? null, where(e.range), found, seen);
      return;
    }
    case 'NumberLit':
      return;
  }
}
/** True when the expression, through measures, contains a statistic over teams. */
function containsPopulation(ctx: CheckContext, e: ast.Expression | null, seen: Set<string>): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'PopulationExpr':
      return true;
    case 'ContextExpr':
    case 'NegateExpr':
      return containsPopulation(ctx, e.operand, seen);
    case 'BinaryExpr':
      return containsPopulation(ctx, e.left, seen) || containsPopulation(ctx, e.right, seen);
    case 'MeasureRef':
      if (seen.has(e.name.text)) return false;
      seen.add(e.name.text);
      return containsPopulation(ctx, ctx.checked.measures.get(e.name.text)?.value ?? null, seen);
    default:
      return false;
  }
}
/** True when the expression can evaluate to zero: it reads facts and no part of it is a non-zero constant. */
function canBeZero(ctx: CheckContext, e: ast.Expression, seen: Set<string>): boolean {
  switch (e.kind) {
    case 'NumberLit':
      return e.written === 0;
    case 'AggregateExpr':
      return true;
    case 'GoalRef':
    case 'TargetIncentiveRef':
      return false;
    case 'MeasureRef': {
      const decl = ctx.checked.measures.get(e.name.text);
      if (!decl?.value || seen.has(e.name.text)) return false;
      seen.add(e.name.text);
      return canBeZero(ctx, decl.value, seen);
    }
    case 'NegateExpr':
    case 'ContextExpr':
    case 'PopulationExpr':
      return e.operand ? canBeZero(ctx, e.operand, seen) : false;
    case 'BinaryExpr':
      if (e.operator === '+' || e.operator === '-') return true;
      return (
        (e.left ? canBeZero(ctx, e.left, seen) : false) || (e.right ? canBeZero(ctx, e.right, seen) : false)
      );
  }
}
