/**
 * Generates the JavaScript of a plan's bulk evaluator from the checked AST, for speed: one
 * straight-line function per plan computing every component's exact amount. The rest of the
 * order of evaluation (floors, caps, gates, multipliers, rounding, the true-up) is
 * `evaluation-order.ts`, which both evaluators share.
 *
 * Safety: nothing written in the plan becomes code. Names are resolved at generation time
 * (measures are inlined), numbers are emitted with `String(number)` after the checker parsed
 * them, and the only strings emitted are fact, goal and list keys, through `JSON.stringify`.
 * Bands and tables are passed in as data, not code.
 *
 * Missing values are NaN here (null in the explaining evaluator): NaN propagates through
 * arithmetic and makes every comparison false, which are the rules of missing data.
 */

import { eq, ge, gt, le, lt, ne, tolerance } from '../evaluator/numeric.js';
import type * as ast from '../parser/ast.js';
import type { Ratio } from '../ratio.js';
import type { PlanInput } from './compiled-plan.js';
import {
  aggregateFor,
  compileExpression,
  compileLiteral,
  type Env,
  type ExprContext,
  goalFor,
  readsWithinStretch,
} from './expressions.js';
import {
  bandContains,
  bandValue,
  type CompiledPayout,
  type NumericBand,
  numericBand,
  numericRange,
} from './payouts.js';

/**
 * Each component's exact amount from its payout alone (step 1 of the order of evaluation),
 * and into `factors` the factor each gate or multiplier gives, NaN where it does not apply;
 * `evaluation-order.ts` decides what is done with them.
 */
export type ExactsFunction = (input: PlanInput, factors: number[]) => number[];

/** A gate or multiplier as written: the generated code evaluates its condition and factor. */
export interface CodegenScaleRule {
  condition: ast.Condition | null;
  factor: ast.Expression | null;
}

export interface CodegenComponent {
  decl: ast.ComponentDecl;
  context: ExprContext;
  /** The exact share of the target incentive; null without a weight. */
  weight: Ratio | null;
  /** The compiled payout, called by the generated code for rate tables. */
  payout: CompiledPayout;
}

interface TableData {
  rows: (ReturnType<typeof numericRange> & { cells: { value: number; share: boolean }[] })[];
  columns: ReturnType<typeof numericRange>[];
}

/** Runtime helpers the generated code calls; the same arithmetic as the explaining evaluator. */
const runtime = {
  lt,
  le,
  gt,
  ge,
  eq,
  ne,
  div: (a: number, b: number) => (b === 0 ? Number.NaN : a / b),
  curve(bands: NumericBand[], x: number, target: number): number {
    for (let i = 0; i < bands.length; i++) {
      const band = bands[i]!;
      if (bandContains(band, x)) {
        const value = bandValue(band, x);
        return band.share ? value * target : value;
      }
    }
    return 0;
  },
  table(data: TableData, x: number, y: number, target: number): number {
    let column = -1;
    for (let c = 0; c < data.columns.length; c++) {
      if (bandContains(data.columns[c]!, y)) {
        column = c;
        break;
      }
    }
    for (const row of data.rows) {
      if (bandContains(row, x)) {
        const cell = row.cells[column];
        if (!cell) return 0;
        return cell.share ? cell.value * target : cell.value;
      }
    }
    return 0;
  },
};

const comparisonHelpers: Record<ast.Comparison['operator'], string> = {
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '=': 'eq',
  '!=': 'ne',
};

/** `bandContains` with constant bounds: the same comparisons, tolerances computed now. */
function containsCode(band: NumericBand, x: string): string {
  const parts: string[] = [];
  if (Number.isFinite(band.lower)) {
    const t = tolerance(band.lower);
    parts.push(
      band.lowerInclusive ? `${x} >= ${numberCode(band.lower - t)}` : `${x} > ${numberCode(band.lower + t)}`,
    );
  } else parts.push(`${x} > -Infinity`);
  if (Number.isFinite(band.upper)) {
    const t = tolerance(band.upper);
    parts.push(
      band.upperInclusive ? `${x} <= ${numberCode(band.upper + t)}` : `${x} < ${numberCode(band.upper - t)}`,
    );
  } else parts.push(`${x} < Infinity`);
  return parts.join(' && ');
}

/** `bandValue` with constant bounds, in the same order of operations so the doubles are identical. */
function bandValueCode(band: NumericBand, x: string): string {
  if (band.to === null || !Number.isFinite(band.lower) || !Number.isFinite(band.upper))
    return numberCode(band.from);
  if (band.upper === band.lower) return numberCode(band.to);
  return `(${numberCode(band.from)} + ((${x} - ${numberCode(band.lower)}) / ${numberCode(band.upper - band.lower)}) * ${numberCode(band.to - band.from)})`;
}

function numberCode(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '(-Infinity)';
  return n < 0 || Object.is(n, -0) ? `(${String(n)})` : String(n);
}

class Generator {
  readonly hoisted: string[] = [];
  readonly constants: unknown[] = [];
  private readonly variables = new Map<string, string>();

  constant(value: unknown): string {
    this.constants.push(value);
    return `C[${this.constants.length - 1}]`;
  }

  /** A local variable holding `read` of `key`, declared once at the top of the function. */
  private read(key: string, prefix: string, source: string, fallback: string): string {
    const id = `${prefix}\u0000${key}`;
    const existing = this.variables.get(id);
    if (existing) return existing;
    const name = `${prefix}${this.variables.size}`;
    const k = JSON.stringify(key);
    // Stretch values first where the engine measured the stretch (aggregateValue in expressions.ts).
    const value = source === 'S' ? `(S !== undefined && ${k} in S ? S[${k}] : A[${k}])` : `${source}[${k}]`;
    this.hoisted.push(`const ${name} = ${value} ?? ${fallback};`);
    this.variables.set(id, name);
    return name;
  }

  expression(ctx: ExprContext, e: ast.Expression | null): string {
    if (!e) return 'NaN';
    switch (e.kind) {
      case 'NumberLit':
        return numberCode(compileLiteral(ctx, e));
      case 'TargetIncentiveRef':
        return 'tin';
      case 'NegateExpr':
        return `(-${this.expression(ctx, e.operand)})`;
      case 'ContextExpr':
        return this.expression(
          { ...ctx, scope: ctx.scope ?? e.scope, window: ctx.window ?? e.window },
          e.operand,
        );
      case 'GoalRef':
        return this.read(goalFor(ctx, e).key, 'g', 'G', 'NaN');
      case 'MeasureRef': {
        const decl = ctx.checked.measures.get(e.name.text);
        return this.expression({ ...ctx, viaMeasure: ctx.viaMeasure ?? e.name.text }, decl?.value ?? null);
      }
      case 'AggregateExpr': {
        const aggregate = aggregateFor(ctx, e);
        const empty = e.aggregation === 'sum' || e.aggregation === 'count' ? '0' : 'NaN';
        const stretch = readsWithinStretch(ctx, aggregate.window);
        return stretch
          ? this.read(aggregate.key, 's', 'S', empty)
          : this.read(aggregate.key, 'a', 'A', empty);
      }
      case 'PopulationExpr': {
        // Combining teams is a loop over data, not straight-line code: call the compiled statistic.
        const name = `p${this.hoisted.length}`;
        const statistic = this.constant(compileExpression(ctx, e));
        this.hoisted.push(`const ${name} = ${statistic}.evaluate(env) ?? NaN;`);
        return name;
      }
      case 'BinaryExpr': {
        const left = this.expression(ctx, e.left);
        const right = this.expression(ctx, e.right);
        if (e.operator === '/') return `div(${left}, ${right})`;
        const operator = e.operator === 'of' ? '*' : e.operator;
        return `(${left} ${operator} ${right})`;
      }
    }
  }

  condition(ctx: ExprContext, c: ast.Condition | null): string {
    if (!c) return 'false';
    switch (c.kind) {
      case 'NotCondition':
        return `!(${this.condition(ctx, c.operand)})`;
      case 'LogicalCondition':
        return `(${this.condition(ctx, c.left)} ${c.operator === 'and' ? '&&' : '||'} ${this.condition(ctx, c.right)})`;
      case 'Comparison':
        return `${comparisonHelpers[c.operator]}(${this.expression(ctx, c.left)}, ${this.expression(ctx, c.right)})`;
    }
  }

  payout(component: CodegenComponent, index: number): string {
    const ctx = component.context;
    const p = component.decl.payout;
    // Account by account: the payout's closures, once per account (compiler/accounts.ts).
    if (component.decl.scope?.scope === 'account') {
      return `${this.constant(component.payout)}.amount(env, target)`;
    }
    if (p?.kind === 'CurvePayout' && p.apply !== 'per deal') {
      // Bands become an if-chain with their bounds and tolerances folded into constants.
      const x = `x${index}`;
      this.hoisted.push(`const ${x} = ${this.expression(ctx, p.input)};`);
      const branches = p.bands.map((b) => {
        const band = numericBand(ctx, b);
        const value = bandValueCode(band, x);
        return `(${containsCode(band, x)}) ? ${band.share ? `${value} * target` : value}`;
      });
      return `(${x} !== ${x} ? 0 : ${[...branches, '0'].join(' : ')})`;
    }
    if (p?.kind === 'TablePayout') {
      const data: TableData = {
        columns: p.columns.map((c) => numericRange(ctx, c)),
        rows: p.rows.map((r) => ({
          ...numericRange(ctx, r.band),
          cells: r.cells.map((c) => ({ value: compileLiteral(ctx, c), share: c.percent })),
        })),
      };
      return `table(${this.constant(data)}, ${this.expression(ctx, p.rowInput)}, ${this.expression(ctx, p.columnInput)}, target)`;
    }
    if (p?.kind === 'AmountPayout' && !p.perDeal) {
      const unit = p.value ? ctx.checked.units.get(p.value) : 'money';
      const money = unit === 'money' || unit === 'any' || unit === 'number';
      this.hoisted.push(`const v${index} = ${this.expression(ctx, p.value)};`);
      return money
        ? `(v${index} !== v${index} ? 0 : v${index})`
        : `(v${index} !== v${index} ? 0 : v${index} * target)`;
    }
    // Rate tables, curves per deal and SPIFFs keep their closures: their loops over deals gain little from inlining.
    const payout = this.constant(component.payout);
    return `${payout}.run(env, ti === null ? null : T[${index}], false).exact`;
  }
}

/** Builds the exact-amounts function of a plan, or null if the plan uses something it cannot generate. */
export function generateExacts(
  components: CodegenComponent[],
  scaleRules: CodegenScaleRule[],
  ruleContext: ExprContext,
  env: Env,
  targets: (ti: number) => readonly number[],
): ExactsFunction | null {
  const gen = new Generator();
  // The components' targets, allocated as the explaining evaluator allocates them.
  const allocate = gen.constant(targets);
  const body: string[] = [];
  scaleRules.forEach((rule, r) => {
    // Gates and multipliers are cheap comparisons: inlined, they cost nothing next to closures.
    const factor = gen.expression(ruleContext, rule.factor);
    body.push(
      rule.condition
        ? `F[${r}] = ${gen.condition(ruleContext, rule.condition)} ? ${factor} : NaN;`
        : `F[${r}] = ${factor};`,
    );
  });
  components.forEach((component, i) => {
    body.push(
      `{\n  const target = ti === null ? 0 : T[${i}];\n  out[${i}] = ${gen.payout(component, i)};\n}`,
    );
  });
  const source = [
    '"use strict";',
    'const { div, lt, le, gt, ge, eq, ne, curve, table } = rt;',
    'return function exacts(input, F) {',
    'const A = input.aggregates;',
    'const S = input.stretchAggregates;',
    'const G = input.goals;',
    'const ti = input.targetIncentiveMinor;',
    'const tin = ti === null ? NaN : ti;',
    `const T = ti === null ? null : ${allocate}(ti);`,
    ...gen.hoisted,
    `const out = new Array(${components.length});`,
    ...body,
    'return out;',
    '};',
  ].join('\n');
  try {
    // The source is built only from the checked AST as described above; see the module comment.
    const factory = new Function('rt', 'C', 'env', source) as (
      rt: typeof runtime,
      c: unknown[],
      env: Env,
    ) => ExactsFunction;
    return Object.assign(factory(runtime, gen.constants, env), { source });
  } catch {
    return null;
  }
}
