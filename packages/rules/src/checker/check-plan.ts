/**
 * Validation of a parsed plan: names, units, weights, curves. Produces
 * diagnostics (never throws) and the facts the compiler needs about the checked tree: the unit
 * of every expression and which plain numbers are money.
 */
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { closestName, didYouMean, replaceWith } from '../did-you-mean.js';
import { currencyDigits, digitsOf } from '../money/currencies.js';
import type * as ast from '../parser/ast.js';
import { intervalOf, perDealSource, plainLiteral } from '../parser/ast-queries.js';
import { factModel, fieldsOf, fieldType } from './fact-model.js';
import { compatible, divideUnits, joinUnits, multiplyUnits, type Unit, unitWords } from './units.js';

export interface CheckedPlan {
  plan: ast.PlanNode;
  diagnostics: Diagnostic[];
  units: Map<ast.Expression, Unit>;
  /** Plain numbers written next to money: compiled to minor units. */
  moneyLiterals: Set<ast.NumberLit>;
  /** The unit each goal is used in (from what it is divided into or compared with). */
  goalUnits: Map<string, Unit>;
  measures: Map<string, ast.MeasureDecl>;
  components: Map<string, ast.ComponentDecl>;
  currency: string;
  currencyDigits: number;
}

interface Context {
  diagnostics: Diagnostic[];
  checked: CheckedPlan;
  measureUnits: Map<string, Unit>;
  /** Measures being resolved, to find cycles. */
  resolving: Set<string>;
  /** Goal units learnt from every use in the plan before this pass (see inferGoalUnits). */
  knownGoalUnits: ReadonlyMap<string, Unit>;
}

function report(
  ctx: Context,
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  range: ast.Range,
  extra: Pick<Diagnostic, 'suggestions' | 'related'> = {},
): void {
  const diagnostic: Diagnostic = { severity, code, message, range };
  if (extra.suggestions) diagnostic.suggestions = extra.suggestions;
  if (extra.related) diagnostic.related = extra.related;
  ctx.diagnostics.push(diagnostic);
}

/** Reports a misspelt name with its did-you-mean, as text and as an edit (`quote` for quoted names). */
function reportUnknown(
  ctx: Context,
  code: DiagnosticCode,
  message: string,
  name: ast.Name,
  known: Iterable<string>,
  quote = false,
): void {
  const closest = closestName(name.text, known);
  const suggestions = replaceWith(
    closest,
    name.range,
    closest === null ? null : quote ? `"${closest}"` : closest,
  );
  report(ctx, 'error', code, `${message}${didYouMean(closest)}`, name.range, { suggestions });
}

export function checkPlanAst(plan: ast.PlanNode): CheckedPlan {
  const ctx = newContext(plan, inferGoalUnits(plan));
  checkHeader(ctx, plan);
  collectNames(ctx, plan);
  for (const declaration of plan.declarations) checkDeclaration(ctx, declaration);
  checkWeights(ctx, plan);
  refuseAccountScope(ctx, plan);
  refuseAllTeams(ctx, plan);
  checkGoalContexts(ctx, plan);
  return ctx.checked;
}

function newContext(plan: ast.PlanNode, knownGoalUnits: ReadonlyMap<string, Unit>): Context {
  const diagnostics: Diagnostic[] = [];
  const checked: CheckedPlan = {
    plan,
    diagnostics,
    units: new Map(),
    moneyLiterals: new Set(),
    goalUnits: new Map(),
    measures: new Map(),
    components: new Map(),
    currency: 'USD',
    currencyDigits: 2,
  };
  return { diagnostics, checked, measureUnits: new Map(), resolving: new Set(), knownGoalUnits };
}

/**
 * A goal has the unit of what it is used with (divided into money, it is money), wherever in the
 * plan that use is written. Silent passes over the plan collect those uses until nothing new is
 * learnt, so the real pass types `goal "Quota" * 80%` as money even when the line that says
 * "Quota" is money comes later.
 */
function inferGoalUnits(plan: ast.PlanNode): Map<string, Unit> {
  let known = new Map<string, Unit>();
  for (let pass = 0; pass < 4; pass++) {
    const scratch = newContext(plan, known);
    collectNames(scratch, plan);
    for (const declaration of plan.declarations) checkDeclaration(scratch, declaration);
    const learnt = scratch.checked.goalUnits;
    if ([...learnt].every(([name, unit]) => known.get(name) === unit) && learnt.size === known.size) break;
    known = new Map([...known, ...learnt]);
  }
  return known;
}

/**
 * Goals in the context around them. A goal read `in year to date` is the sum of the goals of
 * the plan periods so far: that means something for amounts and counts, but a percentage or a
 * score does not add up over periods. (A goal inside a statistic over teams is refused where
 * the statistic is checked, POPULATION_OPERAND; the old 'for all teams' is refused as a whole.)
 */
function checkGoalContexts(ctx: Context, plan: ast.PlanNode): void {
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
  ctx: Context,
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

/**
 * `for each account` parses, but the engine cannot yet evaluate a component once per account and
 * add the results; it would silently measure the whole team instead. Refuse it until it can.
 */
function refuseAccountScope(ctx: Context, node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) refuseAccountScope(ctx, item);
    return;
  }
  const record = node as { kind?: unknown; scope?: unknown; range?: ast.Range };
  if (record.kind === 'ScopeSpec' && record.scope === 'account' && record.range) {
    report(
      ctx,
      'error',
      'ACCOUNT_SCOPE_UNSUPPORTED',
      "'for each account' is not supported yet: payouts cannot be computed one account at a time. Use 'for team' with a filter (e.g. where productLine is \"Cloud\"), or 'for individual'.",
      record.range,
    );
    return;
  }
  for (const [key, value] of Object.entries(record)) if (key !== 'range') refuseAccountScope(ctx, value);
}

const populationForms =
  "'mean of X over teams on this plan' (the average of each team's X), 'median of X over teams on this plan', or 'pooled X over teams on this plan' (X over the teams' facts added together); instead of 'teams on this plan' write 'teams in vertical \"Retail\"', 'teams in geography \"EMEA\"' or 'teams \"T1\", \"T2\"' (team ids)";

/**
 * The old 'for all teams' averaged each aggregate over every team of the org, so a ratio became
 * a ratio of averages thinned out by unrelated teams. It is refused: the plan states the
 * statistic and the teams instead.
 */
function refuseAllTeams(ctx: Context, node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) refuseAllTeams(ctx, item);
    return;
  }
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
  for (const [key, value] of Object.entries(record)) if (key !== 'range') refuseAllTeams(ctx, value);
}

function checkHeader(ctx: Context, plan: ast.PlanNode): void {
  const seen = new Map<string, ast.HeaderItem>();
  const planRange = plan.name?.range ?? plan.range;
  for (const item of plan.header) {
    if (seen.has(item.kind)) {
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
      const digits = digitsOf(code);
      if (digits === null) {
        const closest = closestName(code, Object.keys(currencyDigits));
        report(
          ctx,
          'error',
          'UNKNOWN_CURRENCY',
          `'${item.code.text}' is not a currency code this language knows (ISO 4217, e.g. USD, EUR).${didYouMean(closest)}`,
          item.code.range,
          { suggestions: replaceWith(closest, item.code.range) },
        );
      } else {
        ctx.checked.currency = code;
        ctx.checked.currencyDigits = digits;
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

function collectNames(ctx: Context, plan: ast.PlanNode): void {
  const examples = new Map<string, ast.ExampleDecl>();
  for (const d of plan.declarations) {
    if (d.kind === 'MeasureDecl' && d.name) {
      registerUnique(ctx, ctx.checked.measures, d, d.name, `A measure named '${d.name.text}'`);
    } else if (d.kind === 'ComponentDecl' && d.name) {
      registerUnique(ctx, ctx.checked.components, d, d.name, `A component named "${d.name.text}"`);
    } else if (d.kind === 'ExampleDecl' && d.name) {
      registerUnique(ctx, examples, d, d.name, `An example named "${d.name.text}"`);
    }
  }
}

/** Keeps the first declaration of a name; a later one is a DUPLICATE_NAME error at its name. */
function registerUnique<D extends { name: ast.Name | null }>(
  ctx: Context,
  seen: Map<string, D>,
  d: D,
  name: ast.Name,
  what: string,
): void {
  const first = seen.get(name.text)?.name;
  if (first) {
    report(
      ctx,
      'error',
      'DUPLICATE_NAME',
      `${what} is already defined; give this one another name.`,
      name.range,
      { related: [{ message: `${what} is first defined here.`, range: first.range }] },
    );
  } else seen.set(name.text, d);
}

function checkDeclaration(ctx: Context, d: ast.Declaration): void {
  switch (d.kind) {
    case 'MeasureDecl':
      if (d.name) measureUnit(ctx, d.name.text, d.name.range);
      return;
    case 'ComponentDecl':
      checkComponent(ctx, d);
      return;
    case 'GateDecl':
      checkCondition(ctx, d.condition);
      checkSelector(ctx, d.selector);
      expectFactor(ctx, d.factor, 'what the components pay');
      return;
    case 'MultiplyDecl':
      checkSelector(ctx, d.selector);
      expectFactor(ctx, d.factor, 'the multiplier');
      checkCondition(ctx, d.condition);
      return;
    case 'CapDecl':
      checkSelector(ctx, d.selector);
      checkCondition(ctx, d.unless);
      if (d.limit && d.limit.written < 0) {
        report(ctx, 'error', 'NEGATIVE_CAP', 'A cap cannot be negative.', d.limit.range);
      }
      if (d.limit && !d.limit.percent) ctx.checked.moneyLiterals.add(d.limit);
      return;
    case 'ClawbackDecl':
      if (d.component) checkComponentName(ctx, d.component);
      if (d.share && (!d.share.percent || d.share.written < 0 || d.share.written > 100)) {
        report(
          ctx,
          'error',
          'CLAWBACK_SHARE',
          'The share clawed back is a percentage between 0% and 100%.',
          d.share.range,
        );
      }
      if (d.churnKind && !fieldsOf(d.churnKind.text)) {
        reportUnknown(
          ctx,
          'UNKNOWN_FACT_KIND',
          `'${d.churnKind.text}' is not a kind of fact.`,
          d.churnKind,
          Object.keys(factModel),
        );
      }
      if (d.withinDays && (!Number.isInteger(d.withinDays.written) || d.withinDays.written <= 0)) {
        report(
          ctx,
          'error',
          'CLAWBACK_WINDOW',
          'The clawback window is a whole number of days, at least 1.',
          d.withinDays.range,
        );
      }
      return;
    case 'ExampleDecl':
      checkExample(ctx, d);
      return;
  }
}

function checkComponentName(ctx: Context, name: ast.Name): boolean {
  if (ctx.checked.components.has(name.text)) return true;
  reportUnknown(
    ctx,
    'UNKNOWN_COMPONENT',
    `There is no component named "${name.text}".`,
    name,
    ctx.checked.components.keys(),
    true,
  );
  return false;
}

function checkSelector(ctx: Context, selector: ast.Selector | null): void {
  if (selector?.which === 'named') for (const name of selector.names) checkComponentName(ctx, name);
}

function expectFactor(ctx: Context, expression: ast.Expression | null, what: string): void {
  if (!expression) return;
  const unit = expressionUnit(ctx, expression);
  // A goal used as a multiplier is a factor, stored as a fraction like a percentage (1.2 = 120%).
  noteGoalUnit(ctx, expression, 'percent');
  if (unit === 'money' || unit === 'count') {
    report(
      ctx,
      'error',
      'UNIT_MISMATCH',
      `${capitalise(what)} must be a percentage or a factor, not ${unitWords[unit]}.`,
      expression.range,
    );
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkWeights(ctx: Context, plan: ast.PlanNode): void {
  const weighted = plan.declarations.filter(
    (d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && d.weight !== null,
  );
  if (weighted.length === 0) return;
  // Weights are compared in hundredths of a percent so 33.33% + 33.33% + 33.34% is exact.
  const total = weighted.reduce((sum, c) => sum + Math.round(c.weight!.written * 100), 0);
  if (total !== 10000) {
    const last = weighted[weighted.length - 1]!;
    report(
      ctx,
      'error',
      'WEIGHTS_NOT_100',
      `The component weights add up to ${formatNumber(total / 100)}%, not 100%. Change the weights so they add up to 100%.`,
      last.weight!.range,
    );
  }
}

function formatNumber(value: number): string {
  return Number(value.toFixed(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

// ---------------------------------------------------------------- measures and expressions

function measureUnit(ctx: Context, name: string, at: ast.Range): Unit {
  const known = ctx.measureUnits.get(name);
  if (known) return known;
  const decl = ctx.checked.measures.get(name);
  if (!decl) return 'any';
  if (ctx.resolving.has(name)) {
    report(
      ctx,
      'error',
      'MEASURE_CYCLE',
      `The measure '${name}' is defined in terms of itself; break the cycle.`,
      at,
    );
    return 'any';
  }
  ctx.resolving.add(name);
  const unit = decl.value ? expressionUnit(ctx, decl.value) : 'any';
  ctx.resolving.delete(name);
  ctx.measureUnits.set(name, unit);
  return unit;
}

/** The unit of an expression, reporting unknown names and unit mismatches once per node. */
export function expressionUnit(ctx: Context, e: ast.Expression): Unit {
  const cached = ctx.checked.units.get(e);
  if (cached) return cached;
  const unit = computeUnit(ctx, e);
  ctx.checked.units.set(e, unit);
  return unit;
}

/** A plain number beside money is money ("revenue > 1,000,000"). */
function markMoney(
  ctx: Context,
  a: ast.Expression | null,
  aUnit: Unit,
  b: ast.Expression | null,
  bUnit: Unit,
): void {
  const aLit = plainLiteral(a);
  const bLit = plainLiteral(b);
  if (aLit && bUnit === 'money') ctx.checked.moneyLiterals.add(aLit);
  if (bLit && aUnit === 'money') ctx.checked.moneyLiterals.add(bLit);
}

/**
 * Learns a goal's unit from the unit of what it is used with, seeing through windows, signs,
 * sums and scaling by a plain number or a percentage (`goal "Quota" * 80%` beside money is money).
 */
function noteGoalUnit(
  ctx: Context,
  e: ast.Expression | null,
  unit: Unit,
  measures: Set<string> = new Set(),
): void {
  if (!e || unit === 'any' || unit === 'number') return;
  switch (e.kind) {
    case 'GoalRef':
      if (e.name) ctx.checked.goalUnits.set(e.name.text, unit);
      return;
    case 'ContextExpr':
    case 'NegateExpr':
      noteGoalUnit(ctx, e.operand, unit, measures);
      return;
    case 'MeasureRef':
      if (measures.has(e.name.text)) return;
      measures.add(e.name.text);
      noteGoalUnit(ctx, ctx.checked.measures.get(e.name.text)?.value ?? null, unit, measures);
      return;
    case 'BinaryExpr': {
      if (e.operator === '+' || e.operator === '-') {
        noteGoalUnit(ctx, e.left, unit, measures);
        noteGoalUnit(ctx, e.right, unit, measures);
        return;
      }
      const isFactor = (side: ast.Expression | null) => {
        const u = side ? expressionUnit(ctx, side) : 'any';
        return u === 'number' || u === 'percent';
      };
      if (isFactor(e.right)) noteGoalUnit(ctx, e.left, unit, measures);
      else if (e.operator !== '/' && isFactor(e.left)) noteGoalUnit(ctx, e.right, unit, measures);
      return;
    }
    default:
      return;
  }
}

/** A short name for an operand in a message: the measure's name, or what it is. */
function sourceOf(e: ast.Expression | null): string {
  if (e?.kind === 'MeasureRef') return `'${e.name.text}'`;
  if (e?.kind === 'TargetIncentiveRef') return "'target incentive'";
  if (e?.kind === 'ContextExpr') return sourceOf(e.operand);
  return 'an amount';
}

/** A goal inside `e` whose unit nothing in the plan says, if any. */
function untypedGoal(ctx: Context, e: ast.Expression | null): ast.GoalRef | null {
  if (!e) return null;
  switch (e.kind) {
    case 'GoalRef':
      return e.name && !ctx.knownGoalUnits.has(e.name.text) && !ctx.checked.goalUnits.has(e.name.text)
        ? e
        : null;
    case 'ContextExpr':
    case 'NegateExpr':
      return untypedGoal(ctx, e.operand);
    case 'BinaryExpr':
      return untypedGoal(ctx, e.left) ?? untypedGoal(ctx, e.right);
    default:
      return null;
  }
}

function computeUnit(ctx: Context, e: ast.Expression): Unit {
  switch (e.kind) {
    case 'NumberLit':
      return e.percent ? 'percent' : 'number';
    case 'NegateExpr':
      return e.operand ? expressionUnit(ctx, e.operand) : 'any';
    case 'ContextExpr':
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
      return e.operand ? expressionUnit(ctx, e.operand) : 'any';
    case 'PopulationExpr':
      return populationUnit(ctx, e);
    case 'TargetIncentiveRef':
      return 'money';
    case 'GoalRef':
      return (e.name && ctx.knownGoalUnits.get(e.name.text)) || 'any';
    case 'MeasureRef': {
      if (!ctx.checked.measures.has(e.name.text)) {
        reportUnknown(
          ctx,
          'UNKNOWN_MEASURE',
          `There is no measure named '${e.name.text}'. Define it with 'measure ${e.name.text} = ...'.`,
          e.name,
          ctx.checked.measures.keys(),
        );
        return 'any';
      }
      return measureUnit(ctx, e.name.text, e.name.range);
    }
    case 'AggregateExpr':
      return aggregateUnit(ctx, e);
    case 'BinaryExpr': {
      const left = e.left ? expressionUnit(ctx, e.left) : 'any';
      const right = e.right ? expressionUnit(ctx, e.right) : 'any';
      if (e.operator === '+' || e.operator === '-') {
        noteGoalUnit(ctx, e.left, right);
        noteGoalUnit(ctx, e.right, left);
        if (!compatible(left, right)) {
          report(
            ctx,
            'error',
            'UNIT_MISMATCH',
            `Cannot ${e.operator === '+' ? 'add' : 'subtract'} ${unitWords[right]} ${e.operator === '+' ? 'to' : 'from'} ${unitWords[left]}.`,
            e.range,
          );
          return 'any';
        }
        markMoney(ctx, e.left, left, e.right, right);
        return joinUnits(left, right);
      }
      if (e.operator === '/') {
        noteGoalUnit(ctx, e.right, left);
        noteGoalUnit(ctx, e.left, right);
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
        // A plain number over money is an amount over an amount (a ratio); a number per cent of
        // money means nothing. Over a plain number, money is only scaled: 'target incentive / 1,000'.
        const dividend = plainLiteral(e.left);
        if (dividend && right === 'money') ctx.checked.moneyLiterals.add(dividend);
        return divideUnits(left, right);
      }
      const unclear =
        (left === 'any' && right === 'money' ? untypedGoal(ctx, e.left) : null) ??
        (right === 'any' && left === 'money' ? untypedGoal(ctx, e.right) : null);
      if (unclear) {
        const name = unclear.name?.text ?? '';
        const money = sourceOf(left === 'money' ? e.left : e.right);
        report(
          ctx,
          'error',
          'UNIT_UNCLEAR',
          `The unit of goal "${name}" is unclear here: it is multiplied by money (${money}), which is money only if the goal is a plain factor, and nothing in the plan says what "${name}" is. If it is an amount, scale it by a number or a percentage (goal "${name}" * 80%) or divide by it (revenue / goal "${name}"); if it is a factor, write it as a multiplier ('multiply all components by goal "${name}"') or compare it with a percentage.`,
          e.range,
        );
        return 'money';
      }
      const product = multiplyUnits(left, right);
      if (product === null) {
        report(
          ctx,
          'error',
          'UNIT_MISMATCH',
          `Cannot multiply ${unitWords[left]} by ${unitWords[right]}.`,
          e.range,
        );
        return 'any';
      }
      return product;
    }
  }
}

function aggregateUnit(ctx: Context, e: ast.AggregateExpr): Unit {
  if (!e.factKind) return 'any';
  const fields = fieldsOf(e.factKind.text);
  if (!fields) {
    reportUnknown(
      ctx,
      'UNKNOWN_FACT_KIND',
      `'${e.factKind.text}' is not a kind of fact. Facts are ${Object.keys(factModel).join(', ')}.`,
      e.factKind,
      Object.keys(factModel),
    );
    return 'any';
  }
  for (const filter of e.filters) checkFilter(ctx, e.factKind.text, filter);
  if (e.aggregation === 'count') return 'count';
  if (!e.field) {
    report(
      ctx,
      'error',
      'MISSING_FIELD',
      `Say which field to ${e.aggregation === 'sum' ? 'add up' : 'use'}, e.g. '${e.aggregation === 'min' ? 'minimum' : e.aggregation === 'max' ? 'maximum' : e.aggregation} of ${e.factKind.text}.${firstNumericField(e.factKind.text)}'.`,
      e.range,
    );
    return 'any';
  }
  const type = fieldType(e.factKind.text, e.field.text);
  if (!type) {
    reportUnknown(
      ctx,
      'UNKNOWN_FIELD',
      `A ${e.factKind.text} has no field '${e.field.text}'.`,
      e.field,
      Object.keys(fields),
    );
    return 'any';
  }
  if (type === 'string' || type === 'boolean') {
    report(
      ctx,
      'error',
      'FIELD_NOT_NUMERIC',
      `'${e.field.text}' is not a number, so it cannot be ${e.aggregation === 'sum' ? 'added up' : 'averaged or compared'}. Filter on it with 'where' instead, or count the facts.`,
      e.field.range,
    );
    return 'any';
  }
  return type;
}

// ---------------------------------------------------------------- population statistics

/** The unit of a statistic over teams (its operand's), reporting what it does not state or cannot mean. */
function populationUnit(ctx: Context, e: ast.PopulationExpr): Unit {
  const operand = e.operand;
  if (e.statistic === null) {
    const misread =
      operand?.kind === 'AggregateExpr' && !operand.field && operand.factKind
        ? ctx.checked.measures.has(operand.factKind.text)
          ? operand.factKind.text
          : null
        : null;
    if (misread && operand?.kind === 'AggregateExpr') {
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
      return ctx.measureUnits.get(misread) ?? measureUnit(ctx, misread, operand.factKind!.range);
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
  if (!operand) return 'any';
  const unit = expressionUnit(ctx, operand);
  const found = { aggregates: 0 };
  checkPopulationOperand(ctx, operand, operand.range, found, new Set());
  if (found.aggregates === 0) {
    report(
      ctx,
      'error',
      'POPULATION_NOT_A_MEASURE',
      `A statistic over teams needs something each team measures from its facts (a measure or an aggregate such as 'sum of churn.amount'); '${operand.kind === 'NumberLit' ? operand.text : 'this'}' is the same for every team.`,
      operand.range,
    );
  }
  return unit;
}

function checkPopulationSpec(ctx: Context, spec: ast.PopulationSpec): void {
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
function checkPopulationOperand(
  ctx: Context,
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
      checkPopulationOperand(ctx, e.operand, at, found, seen);
      return;
    case 'NegateExpr':
      checkPopulationOperand(ctx, e.operand, at, found, seen);
      return;
    case 'BinaryExpr':
      checkPopulationOperand(ctx, e.left, at, found, seen);
      checkPopulationOperand(ctx, e.right, at, found, seen);
      return;
    case 'MeasureRef': {
      if (seen.has(e.name.text)) return;
      seen.add(e.name.text);
      checkPopulationOperand(
        ctx,
        ctx.checked.measures.get(e.name.text)?.value ?? null,
        where(e.range),
        found,
        seen,
      );
      return;
    }
    case 'NumberLit':
      return;
  }
}

/** True when the expression, through measures, contains a statistic over teams. */
function containsPopulation(ctx: Context, e: ast.Expression | null, seen: Set<string>): boolean {
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

function firstNumericField(kind: string): string {
  const fields = fieldsOf(kind) ?? {};
  return Object.keys(fields).find((f) => fields[f] === 'money' || fields[f] === 'score') ?? 'amount';
}

function checkFilter(ctx: Context, kind: string, filter: ast.Filter): void {
  if (!filter.attribute) return;
  const type = fieldType(kind, filter.attribute.text);
  if (!type) {
    reportUnknown(
      ctx,
      'UNKNOWN_ATTRIBUTE',
      `A ${kind} has no attribute '${filter.attribute.text}'.`,
      filter.attribute,
      Object.keys(fieldsOf(kind) ?? {}),
    );
    return;
  }
  const expected = type === 'boolean' ? 'boolean' : type === 'string' ? 'string' : 'number';
  for (const value of filter.values) {
    if (typeof value !== expected) {
      const hint =
        expected === 'boolean'
          ? `write 'where ${filter.attribute.text}' or 'where not ${filter.attribute.text}'`
          : expected === 'string'
            ? `compare it with a quoted value, e.g. '${filter.attribute.text} is "Cloud"'`
            : 'compare it with a number';
      report(
        ctx,
        'error',
        'FILTER_TYPE_MISMATCH',
        `'${filter.attribute.text}' is a ${expected === 'boolean' ? 'yes/no' : expected} attribute: ${hint}.`,
        filter.range,
      );
      return;
    }
  }
  if (
    (filter.operator === '<' ||
      filter.operator === '>' ||
      filter.operator === '<=' ||
      filter.operator === '>=') &&
    expected !== 'number'
  ) {
    report(
      ctx,
      'error',
      'FILTER_TYPE_MISMATCH',
      `'${filter.attribute.text}' is not a number; use 'is' or 'is one of'.`,
      filter.range,
    );
  }
}

/** True when the expression can evaluate to zero: it reads facts and no part of it is a non-zero constant. */
function canBeZero(ctx: Context, e: ast.Expression, seen: Set<string>): boolean {
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

function checkCondition(ctx: Context, condition: ast.Condition | null): void {
  if (!condition) return;
  switch (condition.kind) {
    case 'LogicalCondition':
      checkCondition(ctx, condition.left);
      checkCondition(ctx, condition.right);
      return;
    case 'NotCondition':
      checkCondition(ctx, condition.operand);
      return;
    case 'Comparison': {
      const left = condition.left ? expressionUnit(ctx, condition.left) : 'any';
      const right = condition.right ? expressionUnit(ctx, condition.right) : 'any';
      noteGoalUnit(ctx, condition.left, right);
      noteGoalUnit(ctx, condition.right, left);
      if (!compatible(left, right)) {
        report(
          ctx,
          'error',
          'UNIT_MISMATCH',
          `Cannot compare ${unitWords[left]} with ${unitWords[right]}.`,
          condition.range,
        );
        return;
      }
      markMoney(ctx, condition.left, left, condition.right, right);
    }
  }
}

// ---------------------------------------------------------------- components and curves

function describeBound(value: number, percent: boolean): string {
  return `${formatNumber(value)}${percent ? '%' : ''}`;
}

/** Bands must be sorted, must not overlap and must leave no gap; empty bands can never be reached. */
function checkBands(ctx: Context, ranges: ast.BandRange[], inputUnit: Unit, what: string): void {
  const percentInput = inputUnit === 'percent';
  for (const range of ranges) {
    for (const bound of [range.lower, range.upper]) {
      if (!bound) continue;
      if (inputUnit !== 'any' && bound.percent !== percentInput) {
        report(
          ctx,
          'error',
          'UNIT_MISMATCH',
          percentInput
            ? `The ${what} is on a percentage, so its bounds must be percentages (e.g. '${formatNumber(bound.written)}%').`
            : `The ${what} is on ${unitWords[inputUnit]}, so its bounds must be plain numbers, not percentages.`,
          bound.range,
        );
      }
      if (!bound.percent && inputUnit === 'money') ctx.checked.moneyLiterals.add(bound);
    }
    const i = intervalOf(range);
    if (i.lower > i.upper || (i.lower === i.upper && !(i.lowerInclusive && i.upperInclusive))) {
      report(
        ctx,
        'warning',
        'TIER_UNREACHABLE',
        'No value falls inside this band, so this tier can never be reached. Check its bounds.',
        range.range,
      );
    }
  }
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (first?.lower && what !== 'rate table') {
    report(
      ctx,
      'warning',
      'CURVE_UNCOVERED',
      `Values ${first.lowerInclusive ? 'below' : 'up to and including'} ${first.lower.text} fall in no band of this ${what} and pay 0. Add a band such as 'below ${first.lower.text}: 0%' to say so.`,
      first.range,
    );
  }
  if (last?.upper && what !== 'rate table') {
    report(
      ctx,
      'warning',
      'CURVE_UNCOVERED',
      `Values ${last.upperInclusive ? 'above' : 'from'} ${last.upper.text} fall in no band of this ${what} and pay 0. End with a band such as 'from ${last.upper.text}: ...' to say what they pay.`,
      last.range,
    );
  }
  for (let k = 1; k < ranges.length; k++) {
    const previous = intervalOf(ranges[k - 1]!);
    const current = intervalOf(ranges[k]!);
    const range = ranges[k]!;
    const percent = (range.lower ?? range.upper)?.percent ?? false;
    if (
      current.lower < previous.lower ||
      (current.lower === previous.lower && current.upper < previous.upper)
    ) {
      report(
        ctx,
        'error',
        'CURVE_UNSORTED',
        `The bands of this ${what} are out of order: write them from the lowest to the highest.`,
        range.range,
      );
      continue;
    }
    if (previous.upper === Number.POSITIVE_INFINITY) {
      report(
        ctx,
        'error',
        'CURVE_OVERLAP',
        `The band above already covers everything upwards, so this band can never be reached.`,
        range.range,
      );
      continue;
    }
    if (
      current.lower < previous.upper ||
      (current.lower === previous.upper && current.lowerInclusive && previous.upperInclusive)
    ) {
      report(
        ctx,
        'error',
        'CURVE_OVERLAP',
        `This band overlaps the one above at ${describeBound(Math.max(current.lower, previous.lower), percent)}: a value there would fall in both. Write 'up to' on one side and 'from' on the other, or 'up to and including' and 'above'.`,
        range.range,
      );
    } else if (current.lower > previous.upper || (!current.lowerInclusive && !previous.upperInclusive)) {
      const where =
        current.lower === previous.upper
          ? `exactly ${describeBound(current.lower, percent)}`
          : `between ${describeBound(previous.upper, percent)} and ${describeBound(current.lower, percent)}`;
      report(
        ctx,
        'error',
        'CURVE_GAP',
        `There is a gap ${where}: no band covers it. Start this band where the one above ends ('from ${describeBound(previous.upper, percent)}' after 'up to ${describeBound(previous.upper, percent)}').`,
        range.range,
      );
    }
  }
}

function checkBandValues(ctx: Context, bands: ast.Band[], what: string): void {
  let previousEnd: number | null = null;
  for (const band of bands) {
    const values = [band.from, band.to].filter((v): v is ast.NumberLit => v !== null);
    if (band.to && band.from && band.to.percent !== band.from.percent) {
      report(
        ctx,
        'error',
        'UNIT_MISMATCH',
        'Both ends of a linear segment must be percentages, or both amounts.',
        band.range,
      );
    }
    if (band.to && (!band.bounds.lower || !band.bounds.upper)) {
      report(
        ctx,
        'error',
        'LINEAR_NEEDS_BOUNDS',
        `A band that pays '${band.from?.text ?? ''} to ${band.to.text}' rises between its two bounds, so it needs both: write 'from X up to Y'.`,
        band.range,
      );
    }
    for (const value of values) if (!value.percent) ctx.checked.moneyLiterals.add(value);
    const start = band.from?.written ?? 0;
    const end = band.to?.written ?? start;
    if (previousEnd !== null && start < previousEnd) {
      report(
        ctx,
        'warning',
        'CURVE_DECREASES',
        `This ${what} pays less here (${band.from?.text}) than just below (${formatNumber(previousEnd)}${band.from?.percent ? '%' : ''}): more attainment would earn less. If that is intended, ignore this warning.`,
        band.range,
      );
    } else if (end < start) {
      report(
        ctx,
        'warning',
        'CURVE_DECREASES',
        `This segment falls from ${band.from?.text} to ${band.to?.text}: more attainment would earn less.`,
        band.range,
      );
    }
    previousEnd = end;
  }
}

function checkComponent(ctx: Context, c: ast.ComponentDecl): void {
  if (c.weight && (c.weight.written < 0 || c.weight.written > 100)) {
    report(ctx, 'error', 'WEIGHT_RANGE', 'A weight is a percentage between 0% and 100%.', c.weight.range);
  }
  const payout = c.payout;
  if (payout) {
    switch (payout.kind) {
      case 'CurvePayout': {
        const unit = payout.input ? expressionUnit(ctx, payout.input) : 'any';
        checkBands(
          ctx,
          payout.bands.map((b) => b.bounds),
          unit,
          'curve',
        );
        checkBandValues(ctx, payout.bands, 'curve');
        break;
      }
      case 'TablePayout': {
        const rowUnit = payout.rowInput ? expressionUnit(ctx, payout.rowInput) : 'any';
        const columnUnit = payout.columnInput ? expressionUnit(ctx, payout.columnInput) : 'any';
        checkBands(
          ctx,
          payout.rows.map((r) => r.band),
          rowUnit,
          'table',
        );
        checkBands(ctx, payout.columns, columnUnit, 'table');
        for (const row of payout.rows) {
          if (row.cells.length !== payout.columns.length) {
            report(
              ctx,
              'error',
              'TABLE_SHAPE',
              `This row has ${row.cells.length} value${row.cells.length === 1 ? '' : 's'} but the table has ${payout.columns.length} column${payout.columns.length === 1 ? '' : 's'}; separate values with '|'.`,
              row.range,
            );
          }
          for (const cell of row.cells) if (!cell.percent) ctx.checked.moneyLiterals.add(cell);
        }
        break;
      }
      case 'RatesPayout': {
        const unit = payout.input ? expressionUnit(ctx, payout.input) : 'any';
        if (unit !== 'money' && unit !== 'any') {
          report(
            ctx,
            'error',
            'UNIT_MISMATCH',
            `Rates apply to money, but this is ${unitWords[unit]}.`,
            payout.input!.range,
          );
        }
        let boundUnit: Unit = unit;
        if (payout.against) {
          const against = expressionUnit(ctx, payout.against);
          noteGoalUnit(ctx, payout.against, unit);
          boundUnit = divideUnits(unit, against);
        }
        checkBands(
          ctx,
          payout.bands.map((b) => b.bounds),
          boundUnit,
          'rate table',
        );
        for (const band of payout.bands) {
          if (band.to) {
            report(
              ctx,
              'error',
              'RATE_IS_FLAT',
              "A rate table band pays one rate (e.g. '5%'), not a range.",
              band.to.range,
            );
          }
          if (band.from && !band.from.percent) {
            report(
              ctx,
              'error',
              'UNIT_MISMATCH',
              `A rate is a percentage (e.g. '${band.from.text}%').`,
              band.from.range,
            );
          }
        }
        if (
          payout.apply === 'per deal' &&
          payout.input &&
          !perDealSource(ctx.checked.measures, payout.input)
        ) {
          report(
            ctx,
            'error',
            'PER_DEAL_NEEDS_SUM',
            "Rates 'per deal' apply to each fact of a sum, so the input must be a 'sum of ...' (or a measure that is one).",
            payout.input.range,
          );
        }
        break;
      }
      case 'AmountPayout': {
        const unit = payout.value ? expressionUnit(ctx, payout.value) : 'any';
        if (unit === 'count') {
          report(
            ctx,
            'error',
            'UNIT_MISMATCH',
            "A count is not an amount. Pay a share of target with a curve on it instead, e.g. 'pays curve on wins: from 1: 100%'.",
            payout.value!.range,
          );
        }
        noteGoalUnit(ctx, payout.value, 'money');
        const literal = plainLiteral(payout.value);
        if (literal) ctx.checked.moneyLiterals.add(literal);
        break;
      }
    }
  }
  for (const option of c.options) {
    if (option.value && !option.value.percent) ctx.checked.moneyLiterals.add(option.value);
  }
  const cap = c.options.find((o) => o.option === 'cap')?.value;
  if (cap?.percent && payout?.kind === 'CurvePayout') {
    for (const band of payout.bands) {
      if (
        band.from?.percent &&
        band.from.written > cap.written &&
        (!band.to || band.to.written > cap.written)
      ) {
        report(
          ctx,
          'warning',
          'TIER_ABOVE_CAP',
          `This tier pays ${band.from.text} but the component is capped at ${cap.text}, so it can never pay what it says.`,
          band.range,
        );
      }
    }
  }
}

// ---------------------------------------------------------------- examples

function checkExample(ctx: Context, example: ast.ExampleDecl): void {
  for (const item of example.given) {
    const target = item.target;
    if (!target) continue;
    if (target.kind === 'GivenMeasure' && target.population) {
      report(
        ctx,
        'error',
        'POPULATION_IN_EXAMPLE',
        `An example gives a statistic over teams through a measure of its own: define 'measure average_${target.name.text} = mean of ${target.name.text} over ${target.population.population === 'on this plan' ? 'teams on this plan' : 'teams ...'}' and give 'average_${target.name.text} = ...'.`,
        target.population.range,
      );
    }
    if (target.kind === 'GivenMeasure' && !ctx.checked.measures.has(target.name.text)) {
      reportUnknown(
        ctx,
        'UNKNOWN_MEASURE',
        `There is no measure named '${target.name.text}'.`,
        target.name,
        ctx.checked.measures.keys(),
      );
    }
    if (target.kind === 'GivenDeals' && target.name && !ctx.checked.measures.has(target.name.text)) {
      reportUnknown(
        ctx,
        'UNKNOWN_MEASURE',
        `There is no measure named '${target.name.text}'.`,
        target.name,
        ctx.checked.measures.keys(),
      );
    }
    if (target.kind === 'GivenPaidEarlier' && target.name) checkComponentName(ctx, target.name);
    if (target.kind !== 'GivenDeals' && item.values.length > 1) {
      report(
        ctx,
        'error',
        'EXAMPLE_VALUES',
        "Only 'deals of <measure>' takes several values joined by 'and'.",
        item.range,
      );
    }
  }
  for (const expectation of example.expectations) {
    if (expectation.component) checkComponentName(ctx, expectation.component);
  }
}
