/**
 * Checked expressions -> closures. Each node can compute its value fast (`evaluate`) or with
 * its reasons (`explain`). Missing data is a defined result: `null`, with a warning.
 */
import type { CheckedPlan } from '../checker/check-context.js';
import { fieldType } from '../checker/fact-model.js';
import type { Unit } from '../checker/units.js';
import { eq, ge, gt, le, lt, ne } from '../evaluator/numeric.js';
import { formatExactMinor, formatMinor, formatPercent, toMinor } from '../money/format.js';
import type * as ast from '../parser/ast.js';
import type {
  CreditShare,
  EvaluationWarning,
  Explanation,
  FactAggregate,
  FactFilter,
  FactList,
  GoalReference,
  PlanInput,
  PopulationRequirement,
  QuotaRule,
  Scope,
  TimeWindow,
} from './compiled-plan.js';
import { compilePopulation } from './populations.js';

export interface Env {
  input: PlanInput;
  warnings: EvaluationWarning[] | null;
  /** Examples fix measure values by `${name}|${window}`; absent in real runs. */
  overrides: Map<string, number> | null;
}

export interface CompiledExpr {
  evaluate(env: Env): number | null;
  explain(env: Env): Explanation;
}

export interface CompiledCondition {
  evaluate(env: Env): boolean;
  explain(env: Env): Explanation;
}

/** Collects what the engine must load, deduplicated by key. */
export class RequirementsBuilder {
  aggregates = new Map<string, FactAggregate>();
  factLists = new Map<string, FactList>();
  goals = new Map<string, GoalReference>();
  /** Population requirements by key; their aggregates by aggregate key. */
  populations = new Map<string, PopulationRequirement & { aggregates: FactAggregate[] }>();
  fields = new Map<string, Set<string>>();
  windows = new Set<TimeWindow>();
  /** Fact list keys by the measure name they were read through, for examples' 'deals of'. */
  factListsByMeasure = new Map<string, Set<string>>();
  /** Keys of the aggregates a component pays money from: the engine also measures them inside the stretch. */
  withinStretch = new Set<string>();

  noteField(kind: string, field: string | null): void {
    const set = this.fields.get(kind) ?? new Set<string>();
    if (field) set.add(field);
    this.fields.set(kind, set);
  }
}

export interface ExprContext {
  checked: CheckedPlan;
  text: string;
  requirements: RequirementsBuilder;
  /** Set by "for ..." around an expression; the outermost one wins. */
  scope: ast.ScopeSpec | null;
  /** Set by "in ..." around an expression; the outermost one wins. */
  window: TimeWindow | null;
  /** The scope of the component using the expression (team outside components); 'for' clauses inside override it. */
  defaultScope: ast.ScopeSpec | Scope;
  /** The measure name being compiled, when reached through one. */
  viaMeasure: string | null;
  /** The plan has 'true-up year to date': lines pay earned to date minus paid earlier. */
  trueUp: boolean;
  /** Collects the windows of every figure read under this context (a component's payout), for window checks. */
  reads?: Set<TimeWindow>;
  /** Collects the keys of the sums of money read under this context (a component's payout), in order: what its line pays on. */
  moneySumsRead?: Set<string>;
  /** Collects the goals read under this context and their windows, for the same checks. */
  goalsRead?: { name: string; window: TimeWindow; owner: GoalReference['owner'] }[];
  /** Inside a population statistic's operand: its aggregates are collected here, per team, not per participant. */
  population?: Map<string, FactAggregate>;
  /**
   * The component pays money from facts (commission, rates, SPIFF, each account): its figures of
   * the period are read over the facts dated inside the stretch, so a stretch never pays a fact
   * dated in another stretch.
   */
  withinStretch?: boolean;
  /** Collects the keys of the aggregates read under this context over the stretch's own facts. */
  stretchFactsRead?: Set<string>;
}

export const explanationUnit: Record<Unit, Explanation['unit']> = {
  money: 'money',
  percent: 'percent',
  count: 'count',
  score: 'score',
  number: 'number',
  any: 'number',
};

export function sourceText(ctx: { text: string }, range: ast.Range): string {
  return ctx.text.slice(range.start.offset, range.end.offset).replace(/\s+/g, ' ').trim();
}

export function warn(env: Env, code: string, message: string): void {
  if (env.warnings && !env.warnings.some((w) => w.code === code && w.message === message)) {
    env.warnings.push({ code, message });
  }
}

/** "credited 40% of 1,000.00 USD = 400.00 USD": the participant's part of money shared with others. */
export function creditText(credit: CreditShare, currency: string): string {
  const full = formatExactMinor(credit.fullMinor, currency);
  return `credited ${formatPercent(credit.share)} of ${full} = ${formatExactMinor(credit.creditedMinor, currency)}`;
}

export function effectiveScope(ctx: ExprContext): {
  scope: Scope;
  match: ast.ScopeSpec['match'];
} {
  if (ctx.scope) return { scope: compiledScope(ctx.scope.scope), match: ctx.scope.match };
  const fallback = ctx.defaultScope;
  if (typeof fallback === 'string') return { scope: fallback, match: [] };
  return { scope: compiledScope(fallback.scope), match: fallback.match };
}

/** The checker refuses the old 'for all teams' (POPULATION_UNSTATED), so it never pays. */
export function compiledScope(scope: ast.ScopeName): Scope {
  return scope === 'population' ? 'team' : scope;
}

export function describeScope(s: {
  scope: ast.ScopeName;
  match: readonly ast.ScopeSpec['match'][number][];
}): string {
  if (s.scope === 'individual') return ['individual', ...s.match].join(' plus ');
  if (s.scope === 'account') return 'each account';
  if (s.scope === 'managed teams') return 'managed teams';
  return 'team';
}

function filterText(
  filters: readonly FactFilter[],
  show: (filter: FactFilter, value: FactFilter['values'][number]) => string = (_, v) => JSON.stringify(v),
): string {
  if (filters.length === 0) return '';
  return ` where ${filters.map((f) => `${f.attribute} ${f.operator} ${f.values.map((v) => show(f, v)).join(', ')}`).join(' and ')}`;
}

/** An aggregate's key as a person reads it: money in its filters in the plan currency ('amount >= 10,000.00 USD'). */
function aggregateText(aggregate: FactAggregate, currency: string): string {
  const money = (f: FactFilter) => fieldType(aggregate.factKind, f.attribute) === 'money';
  if (!aggregate.filters.some(money)) return aggregate.key;
  const shown = filterText(aggregate.filters, (f, v) =>
    money(f) && typeof v === 'number' ? formatMinor(v, currency) : JSON.stringify(v),
  );
  return aggregate.key.replace(filterText(aggregate.filters), shown);
}

function literalValue(ctx: ExprContext, lit: ast.NumberLit): number {
  if (lit.percent) return lit.written / 100;
  if (ctx.checked.moneyLiterals.has(lit)) return Math.round(lit.written * 10 ** ctx.checked.currencyDigits);
  return lit.written;
}

/** Compiles a number literal the way the checker resolved its unit. */
export function compileLiteral(ctx: ExprContext, lit: ast.NumberLit): number {
  return literalValue(ctx, lit);
}

const missing = (label: string): CompiledExpr => ({
  evaluate: () => null,
  explain: () => ({ label, value: null, unit: 'number', children: [] }),
});

/** The participant's target incentive, with the engine's account of its proration when it gave one. */
export function targetIncentiveNode(env: Env): Explanation {
  return (
    env.input.targetIncentiveExplanation ?? {
      label: 'target incentive',
      value: env.input.targetIncentiveMinor,
      unit: 'money',
      children: [],
    }
  );
}

export function compileExpression(ctx: ExprContext, e: ast.Expression | null): CompiledExpr {
  if (!e) return missing('(missing)');
  const unit = explanationUnit[ctx.checked.units.get(e) ?? 'number'];
  const label = sourceText(ctx, e.range);
  switch (e.kind) {
    case 'NumberLit': {
      const value = literalValue(ctx, e);
      const node: Explanation = { label, value, unit: e.percent ? 'percent' : unit, children: [] };
      return { evaluate: () => value, explain: () => node };
    }
    case 'TargetIncentiveRef':
      return { evaluate: (env) => env.input.targetIncentiveMinor, explain: targetIncentiveNode };
    case 'NegateExpr': {
      const operand = compileExpression(ctx, e.operand);
      return {
        evaluate: (env) => {
          const v = operand.evaluate(env);
          return v === null ? null : -v;
        },
        explain: (env) => {
          const child = operand.explain(env);
          return { label, value: child.value === null ? null : -child.value, unit, children: [child] };
        },
      };
    }
    case 'ContextExpr': {
      const inner: ExprContext = {
        ...ctx,
        scope: ctx.scope ?? e.scope,
        window: ctx.window ?? e.window,
      };
      return compileExpression(inner, e.operand);
    }
    case 'GoalRef':
      return compileGoal(ctx, e, label);
    case 'MeasureRef':
      return compileMeasureRef(ctx, e);
    case 'AggregateExpr':
      return compileAggregate(ctx, e, label);
    case 'BinaryExpr':
      return compileBinary(ctx, e, label, unit);
    case 'PopulationExpr':
      return compilePopulation(ctx, e, label, unit);
  }
}

/** The goal a goal reference reads in its context (owner from the scope, periods from the window); registered once. */
export function goalFor(ctx: ExprContext, e: ast.GoalRef): GoalReference {
  const name = e.name?.text ?? '';
  // A manager's goal over the teams they manage is their own: no one team owns it.
  const scopeOfGoal = effectiveScope(ctx).scope;
  const owner = scopeOfGoal === 'individual' || scopeOfGoal === 'managed teams' ? 'participant' : 'team';
  const window = ctx.window ?? 'period';
  // The period window keeps the key it always had, so stored inputs and examples still match.
  const key = `goal "${name}" of ${owner}${window === 'period' ? '' : ` in ${window}`}`;
  const unit = explanationUnit[ctx.checked.goalUnits.get(name) ?? 'number'];
  const rule = goalRuleOf(ctx.checked.plan, name);
  const goal: GoalReference = { key, name, owner, window, unit, ...(rule ? { quota: quotaRule(rule) } : {}) };
  ctx.requirements.goals.set(key, goal);
  ctx.goalsRead?.push({ name, window, owner });
  return goal;
}

function compileGoal(ctx: ExprContext, e: ast.GoalRef, label: string): CompiledExpr {
  const { key, name, owner, window, unit } = goalFor(ctx, e);
  const when = window === 'period' ? 'this period' : window;
  const read = (env: Env): number | null => {
    const value = env.input.goals[key];
    if (value === null || value === undefined) {
      warn(
        env,
        'MISSING_GOAL',
        `There is no ${owner} goal "${name}" for ${when}; what depends on it pays 0.`,
      );
      return null;
    }
    return value;
  };
  return {
    evaluate: read,
    explain: (env) => ({
      label,
      value: read(env),
      unit,
      detail: `${window === 'period' ? `${owner} goal` : `${owner} goal, ${window}`}${env.input.goalDerivations?.[key] ? `: ${env.input.goalDerivations[key]}` : ''}`,
      children: [],
    }),
  };
}

function compileMeasureRef(ctx: ExprContext, e: ast.MeasureRef): CompiledExpr {
  const name = e.name.text;
  const decl = ctx.checked.measures.get(name);
  const window = ctx.window ?? 'period';
  const overrideKey = `${name}|${window}`;
  const scopedKey = ctx.scope ? `${overrideKey}|${describeScope(effectiveScope(ctx))}` : null;
  const body = compileExpression({ ...ctx, viaMeasure: ctx.viaMeasure ?? name }, decl?.value ?? null);
  const unit = explanationUnit[decl?.value ? (ctx.checked.units.get(decl.value) ?? 'number') : 'number'];
  const label = window === 'period' ? name : `${name} in ${window}`;
  return {
    evaluate: (env) => {
      if (env.overrides) {
        const fixed =
          (scopedKey ? env.overrides.get(scopedKey) : undefined) ?? env.overrides.get(overrideKey);
        if (fixed !== undefined) return fixed;
      }
      return body.evaluate(env);
    },
    explain: (env) => {
      const fixed =
        (scopedKey ? env.overrides?.get(scopedKey) : undefined) ?? env.overrides?.get(overrideKey);
      if (fixed !== undefined)
        return { label, value: fixed, unit, detail: 'given by the example', children: [] };
      const child = body.explain(env);
      return { label, value: child.value, unit, children: [child] };
    },
  };
}

/** The aggregate an aggregate expression asks the engine for, in its context; registered once. */
export function aggregateFor(ctx: ExprContext, e: ast.AggregateExpr): FactAggregate {
  const scope = effectiveScope(ctx);
  const window = ctx.window ?? 'period';
  const kind = e.factKind?.text ?? '';
  const field = e.aggregation === 'count' ? null : (e.field?.text ?? null);
  const filters: FactFilter[] = e.filters.map((f) => {
    const attribute = f.attribute?.text ?? '';
    // `amount > 10,000` is 10,000.00 in the plan currency, like any plain number beside money.
    const money = fieldType(kind, attribute) === 'money';
    return {
      attribute,
      operator: f.operator === 'in' ? 'in' : f.operator,
      values: money
        ? f.values.map((v) => (typeof v === 'number' ? toMinor(v, ctx.checked.currencyDigits) : v))
        : f.values,
    };
  });
  const key = `${e.aggregation} of ${kind}${field ? `.${field}` : ''}${filterText(filters)} for ${describeScope(scope)} in ${window}`;
  const aggregate: FactAggregate = {
    key,
    aggregation: e.aggregation,
    factKind: kind,
    field,
    filters,
    scope: scope.scope,
    window,
    ...(scope.scope === 'individual' ? { individualMatch: ['credited' as const, ...scope.match] } : {}),
  };
  (ctx.population ?? ctx.requirements.aggregates).set(key, aggregate);
  if (readsWithinStretch(ctx, window)) {
    ctx.requirements.withinStretch.add(key);
    ctx.stretchFactsRead?.add(key);
  }
  ctx.requirements.windows.add(window);
  ctx.reads?.add(window);
  if (!ctx.population && e.aggregation === 'sum' && field !== null && fieldType(kind, field) === 'money')
    ctx.moneySumsRead?.add(key);
  ctx.requirements.noteField(kind, field);
  for (const f of filters) ctx.requirements.noteField(kind, f.attribute);
  return aggregate;
}

/**
 * Whether an aggregate read in this context, in this window, is read over the stretch's own
 * facts: those of the period dated inside the stretch, and the year to date through the
 * stretch's last day (so a running total or a true-up continues where the earlier stretch ended).
 */
export function readsWithinStretch(ctx: ExprContext, window: TimeWindow): boolean {
  return ctx.withinStretch === true && (window === 'period' || window === 'year to date') && !ctx.population;
}

/** An aggregate's value as a component reads it: over the stretch when the engine measured it so. */
export function aggregateValue(
  input: PlanInput,
  key: string,
  withinStretch: boolean,
): number | null | undefined {
  const stretch = withinStretch ? input.stretchAggregates : undefined;
  return stretch && key in stretch ? stretch[key] : input.aggregates[key];
}

function compileAggregate(ctx: ExprContext, e: ast.AggregateExpr, label: string): CompiledExpr {
  const aggregate = aggregateFor(ctx, e);
  const { key, window } = aggregate;
  const withinStretch = readsWithinStretch(ctx, window);
  const text = aggregateText(aggregate, ctx.checked.currency);
  const zeroWhenEmpty = e.aggregation === 'sum' || e.aggregation === 'count';
  const read = (env: Env): number | null => {
    const value = aggregateValue(env.input, key, withinStretch);
    if (value === undefined || value === null) {
      if (zeroWhenEmpty) return 0;
      warn(env, 'NO_FACTS', `There were no facts for '${label}' (${window}); what depends on it pays 0.`);
      return null;
    }
    return value;
  };
  const unit = explanationUnit[ctx.checked.units.get(e) ?? 'number'];
  return {
    evaluate: read,
    explain: (env) => {
      const stretch = withinStretch && env.input.stretchAggregates ? env.input.stretch : undefined;
      const credit = stretch ? env.input.stretchAggregateCredits?.[key] : env.input.aggregateCredits?.[key];
      // A stretch shorter than the period says which days it counted.
      const dated = stretch
        ? text
            .replace(/ in period$/, ` from ${stretch.from} to ${stretch.to}`)
            .replace(/ in year to date$/, ` in year to date through ${stretch.to}`)
        : text;
      const detail = credit ? `${dated}; ${creditText(credit, ctx.checked.currency)}` : dated;
      return { label, value: read(env), unit, detail, children: [] };
    },
  };
}

function compileBinary(
  ctx: ExprContext,
  e: ast.BinaryExpr,
  label: string,
  unit: Explanation['unit'],
): CompiledExpr {
  const left = compileExpression(ctx, e.left);
  const right = compileExpression(ctx, e.right);
  const divisorText = e.right ? sourceText(ctx, e.right.range) : '';
  let apply: (a: number, b: number, env: Env) => number | null;
  switch (e.operator) {
    case '+':
      apply = (a, b) => a + b;
      break;
    case '-':
      apply = (a, b) => a - b;
      break;
    case '/':
      apply = (a, b, env) => {
        if (b === 0) {
          warn(
            env,
            'DIVISION_BY_ZERO',
            `'${divisorText}' is zero, so '${label}' is treated as missing and pays 0.`,
          );
          return null;
        }
        return a / b;
      };
      break;
    default:
      apply = (a, b) => a * b;
  }
  return {
    evaluate: (env) => {
      const a = left.evaluate(env);
      if (a === null) return null;
      const b = right.evaluate(env);
      if (b === null) return null;
      return apply(a, b, env);
    },
    explain: (env) => {
      const l = left.explain(env);
      const r = right.explain(env);
      const value = l.value === null || r.value === null ? null : apply(l.value, r.value, env);
      return { label, value, unit, children: [l, r] };
    },
  };
}

export function compileCondition(ctx: ExprContext, c: ast.Condition | null): CompiledCondition {
  if (!c) {
    return {
      evaluate: () => false,
      explain: () => ({ label: '(missing)', value: 0, unit: 'number', children: [] }),
    };
  }
  const label = sourceText(ctx, c.range);
  const node = (value: boolean, children: Explanation[]): Explanation => ({
    label,
    value: value ? 1 : 0,
    unit: 'number',
    detail: value ? 'true' : 'false',
    children,
  });
  switch (c.kind) {
    case 'NotCondition': {
      const operand = compileCondition(ctx, c.operand);
      return {
        evaluate: (env) => !operand.evaluate(env),
        explain: (env) => {
          const child = operand.explain(env);
          return node(child.value !== 1, [child]);
        },
      };
    }
    case 'LogicalCondition': {
      const left = compileCondition(ctx, c.left);
      const right = compileCondition(ctx, c.right);
      const and = c.operator === 'and';
      return {
        evaluate: (env) =>
          and ? left.evaluate(env) && right.evaluate(env) : left.evaluate(env) || right.evaluate(env),
        explain: (env) => {
          const l = left.explain(env);
          const r = right.explain(env);
          return node(and ? l.value === 1 && r.value === 1 : l.value === 1 || r.value === 1, [l, r]);
        },
      };
    }
    case 'Comparison': {
      const left = compileExpression(ctx, c.left);
      const right = compileExpression(ctx, c.right);
      const compare = comparators[c.operator];
      const test = (a: number | null, b: number | null) => a !== null && b !== null && compare(a, b);
      return {
        evaluate: (env) => test(left.evaluate(env), right.evaluate(env)),
        explain: (env) => {
          const l = left.explain(env);
          const r = right.explain(env);
          return node(test(l.value, r.value), [l, r]);
        },
      };
    }
  }
}

/** Compared with the tolerance of `numeric.ts`, so 0.1 + 0.2 reaches 30%. */
const comparators: Record<ast.Comparison['operator'], (a: number, b: number) => boolean> = {
  '<': lt,
  '<=': le,
  '>': gt,
  '>=': ge,
  '=': eq,
  '!=': ne,
};

/** The header's quota rule for a goal name, if the plan states one. */
export function goalRuleOf(plan: ast.PlanNode, name: string): ast.GoalRuleItem | undefined {
  return plan.header.find((h): h is ast.GoalRuleItem => h.kind === 'GoalRuleItem' && h.name?.text === name);
}

/** A quota rule as the engine reads it: percentages as fractions. */
function quotaRule(rule: ast.GoalRuleItem): QuotaRule {
  return {
    annual: rule.annual,
    ...(rule.seasonality.length > 0 ? { seasonality: rule.seasonality.map((l) => l.written / 100) } : {}),
    ...(rule.prorate ? { prorate: rule.prorate } : {}),
    ...(rule.ramp.length > 0 ? { ramp: rule.ramp.map((l) => l.written / 100) } : {}),
  };
}
