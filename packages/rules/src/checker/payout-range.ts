/**
 * What the plan can cost: the least and most each component and the plan can pay, as shares of
 * the target incentive. `null` as a maximum means no limit (commissions on amounts, multipliers
 * read from data); `null` as a minimum means it cannot be told from the text.
 */
import type { Diagnostic } from '../diagnostics.js';
import { FACT_KINDS, type FactFieldSpec } from '../fact-kinds.js';
import type * as ast from '../parser/ast.js';
import type { MeasureTable } from '../parser/ast-queries.js';
import { ratioValue } from '../ratio.js';

export interface ShareRange {
  /** Fraction of the target incentive: 0.6 = 60%. */
  min: number | null;
  max: number | null;
}

export interface PayoutRange {
  components: { name: string; min: number | null; max: number | null }[];
  plan: ShareRange;
}

function percentValues(values: (ast.NumberLit | null)[]): number[] | null {
  const present = values.filter((v): v is ast.NumberLit => v !== null);
  if (present.some((v) => !v.percent)) return null;
  return present.map((v) => v.written / 100);
}

/** The least and the most a share can be (fractions: 1 = 100%). */
interface Bounds {
  min: number;
  max: number;
}

/**
 * The bounds of an expression paid as a share of target, when the text fixes them: a
 * percentage (`pays 100%`), a score whose field has a fixed scale (`average of objective.score`
 * is 0 to 1), through measures, windows, statistics over teams and scaling by a percentage.
 * null for anything else, money included (`pays 1,500`, `pays 5% of sales`): no fixed maximum.
 */
function shareBounds(measures: MeasureTable, e: ast.Expression | null, seen: Set<string>): Bounds | null {
  if (!e) return null;
  switch (e.kind) {
    case 'NumberLit':
      return e.percent ? { min: e.written / 100, max: e.written / 100 } : null;
    case 'MeasureRef': {
      if (seen.has(e.name.text)) return null;
      const next = new Set(seen).add(e.name.text);
      return shareBounds(measures, measures.get(e.name.text)?.value ?? null, next);
    }
    case 'ContextExpr':
      return shareBounds(measures, e.operand, seen);
    case 'PopulationExpr':
      // A mean or median of teams' values lies within their bounds; a pooled value too.
      return shareBounds(measures, e.operand, seen);
    case 'AggregateExpr': {
      if (e.aggregation === 'sum' || e.aggregation === 'count') return null;
      const fields = e.factKind
        ? (FACT_KINDS as Record<string, Record<string, FactFieldSpec>>)[e.factKind.text]
        : undefined;
      const spec = e.field ? fields?.[e.field.text]?.spec : undefined;
      return spec?.type === 'number' ? { min: spec.min, max: spec.max } : null;
    }
    case 'BinaryExpr': {
      if (e.operator !== '*' && e.operator !== 'of') return null;
      const left = shareBounds(measures, e.left, seen);
      const right = shareBounds(measures, e.right, seen);
      if (!left || !right) return null;
      const products = [
        left.min * right.min,
        left.min * right.max,
        left.max * right.min,
        left.max * right.max,
      ];
      return { min: Math.min(...products), max: Math.max(...products) };
    }
    default:
      return null;
  }
}

function componentRange(c: ast.ComponentDecl, measures: MeasureTable): ShareRange {
  const weight = c.weight?.ratio ? ratioValue(c.weight.ratio) : 1;
  let range: ShareRange = { min: 0, max: null };
  const payout = c.payout;
  if (payout?.kind === 'CurvePayout' && payout.apply === 'per deal') {
    // Each deal pays: what the period pays grows with the number of deals.
    range = { min: 0, max: null };
  } else if (payout?.kind === 'CurvePayout') {
    const values = percentValues(payout.bands.flatMap((b) => [b.from, b.to]));
    const open =
      payout.bands.length > 0 &&
      (payout.bands[0]!.bounds.lower !== null || payout.bands.at(-1)!.bounds.upper !== null);
    if (values && values.length > 0) {
      range = { min: Math.min(...values, ...(open ? [0] : [])) * weight, max: Math.max(...values) * weight };
    }
  } else if (payout?.kind === 'TablePayout') {
    const values = percentValues(payout.rows.flatMap((r) => r.cells));
    if (values && values.length > 0)
      range = { min: Math.min(0, ...values) * weight, max: Math.max(...values) * weight };
  } else if (payout?.kind === 'RatesPayout') {
    range = { min: 0, max: null };
  } else if (payout?.kind === 'AmountPayout') {
    const bounds = shareBounds(measures, payout.value, new Set());
    if (bounds) range = { min: bounds.min * weight, max: bounds.max * weight };
  }
  for (const option of c.options) {
    const v = option.value;
    if (!v?.percent) continue;
    const share = (v.written / 100) * weight;
    if (option.option === 'cap') {
      range = {
        min: range.min === null ? null : Math.min(range.min, share),
        max: range.max === null ? share : Math.min(range.max, share),
      };
    } else {
      range = {
        min: range.min === null ? share : Math.max(range.min, share),
        max: range.max === null ? null : Math.max(range.max, share),
      };
    }
  }
  return range;
}

/** The components a gate, multiplier or cap selects. */
export function selected(
  components: ast.ComponentDecl[],
  selector: ast.Selector | null,
): Set<ast.ComponentDecl> {
  if (!selector) return new Set();
  if (selector.which === 'named') {
    const names = new Set(selector.names.map((n) => n.text));
    return new Set(components.filter((c) => c.name && names.has(c.name.text)));
  }
  if (selector.which === 'team') return new Set(components.filter((c) => c.scope?.scope !== 'individual'));
  if (selector.which === 'individual')
    return new Set(components.filter((c) => c.scope?.scope === 'individual'));
  return new Set(components);
}

function constantFactor(e: ast.Expression | null): number | null {
  if (e?.kind === 'NumberLit') return e.percent ? e.written / 100 : e.written;
  return null;
}

/** What the plan can cost; `measures` (the checker's table) lets it see through measure names. */
export function payoutRange(plan: ast.PlanNode, measures: MeasureTable = new Map()): PayoutRange {
  const components = plan.declarations.filter((d): d is ast.ComponentDecl => d.kind === 'ComponentDecl');
  const ranges = new Map(components.map((c) => [c, componentRange(c, measures)]));
  for (const d of plan.declarations) {
    if (d.kind !== 'GateDecl' && d.kind !== 'MultiplyDecl') continue;
    const factor = constantFactor(d.factor);
    for (const c of selected(components, d.selector)) {
      const r = ranges.get(c)!;
      if (factor === null) {
        ranges.set(c, { min: r.min === null ? null : Math.min(0, r.min), max: null });
        continue;
      }
      // A gate may or may not apply, so both the scaled and the unscaled amounts are possible.
      const conditional = d.kind === 'GateDecl' || d.condition !== null;
      const mins = [r.min === null ? null : r.min * factor, ...(conditional ? [r.min] : [])];
      const maxs = [r.max === null ? null : r.max * factor, ...(conditional ? [r.max] : [])];
      ranges.set(c, {
        min: mins.some((m) => m === null) ? null : Math.min(...(mins as number[])),
        max: maxs.some((m) => m === null) ? null : Math.max(...(maxs as number[])),
      });
    }
  }
  let min: number | null = 0;
  let max: number | null = 0;
  for (const r of ranges.values()) {
    min = min === null || r.min === null ? null : min + r.min;
    max = max === null || r.max === null ? null : max + r.max;
  }
  for (const d of plan.declarations) {
    if (d.kind !== 'CapDecl' || !d.limit?.percent || d.unless) continue;
    const chosen = selected(components, d.selector);
    if (chosen.size !== components.length) continue;
    const weights = components.reduce((s, c) => s + (c.weight?.ratio ? ratioValue(c.weight.ratio) : 0), 0);
    const limit =
      (d.limit.written / 100) *
      (d.ofTargetIncentive || d.selector?.which === 'total' || weights === 0 ? 1 : weights);
    max = max === null ? limit : Math.min(max, limit);
  }
  return {
    components: components.map((c) => {
      const r = ranges.get(c)!;
      return { name: c.name?.text ?? '', min: tidy(r.min), max: tidy(r.max) };
    }),
    plan: { min: tidy(min), max: tidy(max) },
  };
}

/** Shares are products of written percentages: drop the binary noise (0.6000000000000001). */
function tidy(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(10));
}

function share(value: number | null, none: string): string {
  return value === null ? none : `${Number((value * 100).toFixed(4))}%`;
}

export function payoutRangeDiagnostics(plan: ast.PlanNode, range: PayoutRange): Diagnostic[] {
  const components = plan.declarations.filter((d): d is ast.ComponentDecl => d.kind === 'ComponentDecl');
  const diagnostics: Diagnostic[] = range.components.map((r, i) => ({
    severity: 'info',
    code: 'PAYOUT_RANGE',
    message: `"${r.name}" pays from ${share(r.min, 'an amount that depends on the data')} to ${share(r.max, 'no fixed maximum')} of target incentive.`,
    range: components[i]?.name?.range ?? plan.range,
  }));
  diagnostics.push({
    severity: 'info',
    code: 'PAYOUT_RANGE',
    message: `The plan pays from ${share(range.plan.min, 'an amount that depends on the data')} to ${share(range.plan.max, 'no fixed maximum')} of target incentive.`,
    range: plan.name?.range ?? plan.range,
  });
  return diagnostics;
}
