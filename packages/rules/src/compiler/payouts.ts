/**
 * What a component pays before plan-wide gates and caps: curves, tables, rate tables and plain
 * amounts, each with the reasons it paid what it paid. Amounts here are exact (fractional
 * minor units); rounding happens once per line in the plan evaluator.
 */

import { sameAs } from '../evaluator/numeric.js';
import { formatQuantity } from '../evaluator/render-explanation.js';
import type * as ast from '../parser/ast.js';
import { componentCode, intervalOf, perDealSource } from '../parser/ast-queries.js';
import type { Explanation, FactAggregate } from './compiled-plan.js';
import {
  aggregateFor,
  compileExpression,
  compileLiteral,
  type Env,
  type ExprContext,
  explanationUnit,
  sourceText,
  warn,
} from './expressions.js';
import { compilePerDealCurve } from './per-deal-curves.js';
import { compileRates } from './rates.js';
import { compileSpiff } from './spiffs.js';

export interface ComponentOutcome {
  exact: number;
  attainment: number | null;
  explanation: Explanation[];
  /** Per-deal payouts (exact), in the order of the component's fact list, for clawbacks. */
  transactionPayouts?: number[];
}

export interface CompiledPayout {
  /** `explain` false skips building explanations, for bulk runs that only need cents. */
  run(env: Env, target: number | null, explain: boolean): ComponentOutcome;
  /** The exact amount alone, for bulk runs; curves have a dedicated loop, others reuse `run`. */
  amount?(env: Env, target: number | null): number;
  /** The fact list of the deals this component pays on, when it pays per deal. */
  factListKey?: string;
}

/** Registers the per-fact list of a summed aggregate (`each order.amount for individual in period`). */
export function registerFactList(ctx: ExprContext, input: ast.Expression): string | null {
  const found = perDealAggregate(ctx, input);
  if (!found) return null;
  const key = `each ${found.key.replace(/^sum of /, '')}`;
  ctx.requirements.factLists.set(key, {
    key,
    factKind: found.factKind,
    field: found.field ?? '',
    filters: found.filters,
    scope: found.scope,
    window: found.window,
    ...(found.individualMatch ? { individualMatch: found.individualMatch } : {}),
  });
  const measureName = measureNameOf(input);
  if (measureName) {
    const set = ctx.requirements.factListsByMeasure.get(measureName) ?? new Set();
    set.add(key);
    ctx.requirements.factListsByMeasure.set(measureName, set);
  }
  return key;
}

/**
 * The deals a component's payout is made of, for clawbacks: the summed aggregate read by a rate
 * table or a curve per deal, or by an amount such as '5% of sum of renewal.valueAfter'. Registers its fact list.
 */
export function dealsOf(ctx: ExprContext, component: ast.ComponentDecl): string | null {
  const payout = component.payout;
  if (payout?.kind === 'RatesPayout' && payout.input) return registerFactList(ctx, payout.input);
  if (payout?.kind === 'CurvePayout' && payout.apply === 'per deal' && payout.input)
    return registerFactList(ctx, payout.input);
  if (payout?.kind !== 'AmountPayout') return null;
  let current: ast.Expression | null = payout.value;
  for (let depth = 0; current && depth < 100; depth++) {
    const direct = perDealSource(ctx.checked.measures, current) ? current : null;
    if (direct) return registerFactList(ctx, direct);
    if (current.kind === 'BinaryExpr' && (current.operator === '*' || current.operator === 'of')) {
      current = current.left?.kind === 'NumberLit' ? current.right : current.left;
    } else return null;
  }
  return null;
}

/** A band with bounds and values in compiled units. */
export interface NumericBand {
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
  from: number;
  to: number | null;
  /** Values are shares of the component's target (true) or money (false). */
  share: boolean;
  text: string;
}

export function bandContains(
  band: Pick<NumericBand, 'lower' | 'lowerInclusive' | 'upper' | 'upperInclusive'>,
  x: number,
): boolean {
  const aboveLower = sameAs(x, band.lower) ? band.lowerInclusive : x > band.lower;
  const belowUpper = sameAs(x, band.upper) ? band.upperInclusive : x < band.upper;
  return aboveLower && belowUpper;
}

function boundValue(ctx: ExprContext, lit: ast.NumberLit | null, fallback: number): number {
  return lit ? compileLiteral(ctx, lit) : fallback;
}

export function numericRange(ctx: ExprContext, range: ast.BandRange) {
  const i = intervalOf(range);
  return {
    lower: boundValue(ctx, range.lower, Number.NEGATIVE_INFINITY),
    lowerInclusive: i.lowerInclusive,
    upper: boundValue(ctx, range.upper, Number.POSITIVE_INFINITY),
    upperInclusive: i.upperInclusive,
  };
}

export function numericBand(ctx: ExprContext, band: ast.Band): NumericBand {
  return {
    ...numericRange(ctx, band.bounds),
    from: band.from ? compileLiteral(ctx, band.from) : 0,
    to: band.to ? compileLiteral(ctx, band.to) : null,
    share: band.from?.percent ?? true,
    text: sourceText(ctx, band.range),
  };
}

/** The band's value at x: flat, or linear between its bounds. */
export function bandValue(band: NumericBand, x: number): number {
  if (band.to === null || !Number.isFinite(band.lower) || !Number.isFinite(band.upper)) return band.from;
  if (band.upper === band.lower) return band.to;
  return band.from + ((x - band.lower) / (band.upper - band.lower)) * (band.to - band.from);
}

export function moneyNode(
  label: string,
  value: number | null,
  detail?: string,
  children: Explanation[] = [],
): Explanation {
  return detail === undefined
    ? { label, value, unit: 'money', children }
    : { label, value, unit: 'money', detail, children };
}

/** The component's share of the target incentive, with the engine's account of the target under it when there is one. */
export function componentTargetNode(env: Env, target: number | null): Explanation {
  const proration = env.input.targetIncentiveExplanation;
  return moneyNode('component target', target, undefined, proration ? [proration] : []);
}

export function needTarget(env: Env, target: number | null, name: string): number {
  if (target === null) {
    warn(
      env,
      'MISSING_TARGET_INCENTIVE',
      `"${name}" pays a share of the target incentive, but there is none for this participant and period; it pays 0.`,
    );
    return 0;
  }
  return target;
}

export function compilePayout(ctx: ExprContext, component: ast.ComponentDecl): CompiledPayout {
  const name = component.name?.text ?? '';
  const payout = component.payout;
  if (!payout) return { run: () => ({ exact: 0, attainment: null, explanation: [] }) };
  switch (payout.kind) {
    case 'CurvePayout':
      return payout.apply === 'per deal'
        ? compilePerDealCurve(ctx, payout, name)
        : compileCurve(ctx, payout, name);
    case 'TablePayout':
      return compileTable(ctx, payout, name);
    case 'RatesPayout':
      return compileRates(ctx, payout, name, componentCode(component));
    case 'AmountPayout':
      return payout.perDeal ? compileSpiff(ctx, payout, name) : compileAmount(ctx, payout, name);
  }
}

function compileCurve(ctx: ExprContext, payout: ast.CurvePayout, name: string): CompiledPayout {
  const input = compileExpression(ctx, payout.input);
  const bands = payout.bands.map((b) => numericBand(ctx, b));
  const percentInput =
    ctx.checked.units.get(payout.input!) === 'percent' || ctx.checked.units.get(payout.input!) === 'any';
  // The input as the warning shows it: an input of unknown unit is read as attainment, like `percentInput`.
  const unit = ctx.checked.units.get(payout.input!);
  const shownUnit = unit === 'any' ? 'percent' : explanationUnit[unit ?? 'number'];
  return {
    amount(env, target) {
      const x = input.evaluate(env);
      if (x === null) return 0;
      for (let i = 0; i < bands.length; i++) {
        const band = bands[i]!;
        if (bandContains(band, x)) {
          const value = bandValue(band, x);
          return band.share ? value * (target ?? 0) : value;
        }
      }
      return 0;
    },
    run(env, target, explain) {
      const inputNode = explain ? input.explain(env) : null;
      const x = inputNode ? inputNode.value : input.evaluate(env);
      const reasons: Explanation[] = inputNode ? [inputNode] : [];
      if (x === null) {
        warn(
          env,
          'MISSING_VALUE',
          `"${name}": '${sourceText(ctx, payout.input!.range)}' has no value, so the component pays 0.`,
        );
        return { exact: 0, attainment: null, explanation: reasons };
      }
      const index = bands.findIndex((b) => bandContains(b, x));
      const band = bands[index];
      if (!band) {
        const shown = formatQuantity(x, shownUnit, ctx.checked.currency);
        warn(env, 'NOT_COVERED', `"${name}": no band of the curve covers ${shown}; it pays 0.`);
        return { exact: 0, attainment: percentInput ? x : null, explanation: reasons };
      }
      const value = bandValue(band, x);
      const exact = band.share ? value * needTarget(env, target, name) : value;
      if (explain) {
        reasons.push({
          label: 'tier',
          value,
          unit: band.share ? 'percent' : 'money',
          detail: `tier ${index + 1}: ${band.text}${band.to === null ? '' : ', linear'}`,
          children: [],
        });
        if (band.share) reasons.push(componentTargetNode(env, target));
      }
      return { exact, attainment: percentInput ? x : null, explanation: reasons };
    },
  };
}

function compileTable(ctx: ExprContext, payout: ast.TablePayout, name: string): CompiledPayout {
  const rowInput = compileExpression(ctx, payout.rowInput);
  const columnInput = compileExpression(ctx, payout.columnInput);
  const columns = payout.columns.map((c) => numericRange(ctx, c));
  const rows = payout.rows.map((r) => ({
    ...numericRange(ctx, r.band),
    cells: r.cells.map((c) => ({ value: compileLiteral(ctx, c), share: c.percent })),
    text: sourceText(ctx, r.band.range),
  }));
  const columnTexts = payout.columns.map((c) => sourceText(ctx, c.range));
  return {
    run(env, target, explain) {
      const rowNode = explain ? rowInput.explain(env) : null;
      const columnNode = explain ? columnInput.explain(env) : null;
      const x = rowNode ? rowNode.value : rowInput.evaluate(env);
      const y = columnNode ? columnNode.value : columnInput.evaluate(env);
      const reasons: Explanation[] = rowNode && columnNode ? [rowNode, columnNode] : [];
      if (x === null || y === null) {
        warn(env, 'MISSING_VALUE', `"${name}": an input of the table has no value, so the component pays 0.`);
        return { exact: 0, attainment: x, explanation: reasons };
      }
      const r = rows.findIndex((row) => bandContains(row, x));
      const c = columns.findIndex((column) => bandContains(column, y));
      const cell = rows[r]?.cells[c];
      if (!cell) {
        warn(env, 'NOT_COVERED', `"${name}": no cell of the table covers these values; it pays 0.`);
        return { exact: 0, attainment: x, explanation: reasons };
      }
      const exact = cell.share ? cell.value * needTarget(env, target, name) : cell.value;
      if (explain) {
        reasons.push({
          label: 'cell',
          value: cell.value,
          unit: cell.share ? 'percent' : 'money',
          detail: `row ${r + 1} (${rows[r]!.text}), column ${c + 1} (${columnTexts[c]})`,
          children: [],
        });
        if (cell.share) reasons.push(componentTargetNode(env, target));
      }
      return { exact, attainment: x, explanation: reasons };
    },
  };
}

/** Follows measure names and 'for'/'in' clauses down to the summed aggregate, keeping the outermost clauses. */
export function perDealAggregate(ctx: ExprContext, e: ast.Expression): FactAggregate | null {
  if (!perDealSource(ctx.checked.measures, e)) return null;
  let current: ast.Expression | null = e;
  let context = ctx;
  for (let depth = 0; current && depth < 100; depth++) {
    if (current.kind === 'AggregateExpr') return aggregateFor(context, current);
    if (current.kind === 'ContextExpr') {
      context = {
        ...context,
        scope: context.scope ?? current.scope,
        window: context.window ?? current.window,
      };
      current = current.operand;
    } else if (current.kind === 'MeasureRef')
      current = ctx.checked.measures.get(current.name.text)?.value ?? null;
    else return null;
  }
  return null;
}

function measureNameOf(e: ast.Expression | null): string | null {
  if (e?.kind === 'MeasureRef') return e.name.text;
  if (e?.kind === 'ContextExpr') return measureNameOf(e.operand);
  return null;
}

function compileAmount(ctx: ExprContext, payout: ast.AmountPayout, name: string): CompiledPayout {
  const value = compileExpression(ctx, payout.value);
  const unit = payout.value ? ctx.checked.units.get(payout.value) : 'money';
  // A plain number is money as written ("pays 1,500"); percentages and scores are shares of target.
  const isMoney = unit === 'money' || unit === 'any' || unit === 'number';
  return {
    run(env, target, explain) {
      const node = explain ? value.explain(env) : null;
      const v = node ? node.value : value.evaluate(env);
      if (v === null) {
        warn(env, 'MISSING_VALUE', `"${name}" has no value this period; it pays 0.`);
        return { exact: 0, attainment: null, explanation: node ? [node] : [] };
      }
      const exact = isMoney ? v : v * needTarget(env, target, name);
      const reasons = node ? [node] : [];
      if (explain && !isMoney) reasons.push(componentTargetNode(env, target));
      return { exact, attainment: isMoney ? null : v, explanation: reasons };
    },
  };
}
