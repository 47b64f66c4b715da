/**
 * The points of each component's payout curve, table or rate steps, as an editor plots them:
 * bands with their ends and which band each boundary belongs to, caps and floors, and the plan
 * lines (gates, multipliers, shared caps) that change what the component pays. Pure: read from
 * the parsed plan, so an editor can draw the draft as it is typed, without the server.
 */
import type * as ast from '../parser/ast.js';
import { intervalOf } from '../parser/ast-queries.js';
import { ratioValue } from '../ratio.js';
import { type ShareRange, selected } from './payout-range.js';

/** A quantity as the plan writes it: a percentage (attainment, a share) or a plain number or amount. */
export type CurveUnit = 'percent' | 'number';

/**
 * One band of a curve or rate table: from `x0` to `x1` (null: unbounded on that side), paying
 * `y0` at `x0` and `y1` at `x1` (equal unless the band is linear). `x0Included` and `x1Included`
 * are the boundary rule: whether the band's own value applies at exactly that bound.
 */
export interface CurveSegment {
  /** 1-based, as a statement's explanation names it ("tier 2"). */
  band: number;
  /** The band as written ("from 50% up to 100%: 50% to 100%"). */
  text: string;
  x0: number | null;
  x0Included: boolean;
  x1: number | null;
  x1Included: boolean;
  y0: number;
  y1: number;
  linear: boolean;
}

/** A limit drawn across a curve: a component's `capped at` or `floor`, as a share or an amount. */
export interface CurveLimit {
  kind: 'cap' | 'floor';
  value: number;
  unit: CurveUnit;
  text: string;
}

/** A row or column band of a payout table. */
export interface TableBand {
  text: string;
  x0: number | null;
  x0Included: boolean;
  x1: number | null;
  x1Included: boolean;
}

interface CurveBase {
  component: string;
  /** The component's weight as a fraction of the target incentive (0.5 = 50%); null: none written. */
  weight: number | null;
  /** What the component can pay, as shares of the target incentive (the checker's payout range). */
  range: ShareRange | null;
  limits: CurveLimit[];
  /** Plan lines that change what this component pays (gates, multipliers, caps on several), as written. */
  planLines: string[];
}

/** What one component pays, in a form to plot; `values` in `valueUnit`, a percentage being a share of the component's target. */
export type PayoutCurve =
  | (CurveBase & {
      kind: 'curve';
      input: string;
      inputUnit: CurveUnit;
      valueUnit: CurveUnit;
      /** Read at each deal and summed ('per deal'), or once on the period's value. */
      perDeal: boolean;
      segments: CurveSegment[];
    })
  | (CurveBase & {
      kind: 'rates';
      input: string;
      inputUnit: CurveUnit;
      /** Marginal: each rate on the part of the input in its band; retroactive: the band reached on all of it. */
      mode: 'marginal' | 'retroactive';
      segments: CurveSegment[];
    })
  | (CurveBase & {
      kind: 'table';
      rowInput: string;
      columnInput: string;
      rowUnit: CurveUnit;
      columnUnit: CurveUnit;
      rows: TableBand[];
      columns: TableBand[];
      /** cells[row][column]: the value, a share when `valueUnit` is percent; null where the text has none. */
      cells: (number | null)[][];
      valueUnit: CurveUnit;
    })
  | (CurveBase & { kind: 'amount'; text: string });

const literal = (lit: ast.NumberLit): number => (lit.percent ? lit.written / 100 : lit.written);
const unitOf = (lits: (ast.NumberLit | null)[]): CurveUnit =>
  lits.some((lit) => lit !== null && !lit.percent) ? 'number' : 'percent';
const sourceOf = (text: string, node: { range: ast.Range } | null): string =>
  node ? text.slice(node.range.start.offset, node.range.end.offset) : '';

function bandOf(text: string, range: ast.BandRange): TableBand {
  const interval = intervalOf(range);
  return {
    text: sourceOf(text, range),
    x0: range.lower ? literal(range.lower) : null,
    x0Included: interval.lowerInclusive,
    x1: range.upper ? literal(range.upper) : null,
    x1Included: interval.upperInclusive,
  };
}

function segmentsOf(text: string, bands: ast.Band[]): CurveSegment[] {
  return bands.map((band, index) => {
    const bounds = bandOf(text, band.bounds);
    const from = band.from ? literal(band.from) : 0;
    // As the evaluator reads a band: linear only between two finite bounds (bandValue).
    const linear = band.to !== null && bounds.x0 !== null && bounds.x1 !== null;
    return {
      ...bounds,
      band: index + 1,
      text: sourceOf(text, band),
      y0: from,
      y1: linear && band.to ? literal(band.to) : from,
      linear,
    };
  });
}

/**
 * Each component's payout as points to plot, in the plan's order. `text` is the plan's text
 * (for the inputs and bands as written); `ranges` the checker's payout range per component.
 */
export function payoutCurves(
  plan: ast.PlanNode,
  text: string,
  ranges: readonly { name: string; min: number | null; max: number | null }[] = [],
): PayoutCurve[] {
  const components = plan.declarations.filter((d): d is ast.ComponentDecl => d.kind === 'ComponentDecl');
  return components.map((component, index) => {
    const name = component.name?.text ?? '';
    const range = ranges[index];
    const planLines = plan.declarations
      .filter(
        (d): d is ast.GateDecl | ast.MultiplyDecl | ast.CapDecl =>
          (d.kind === 'GateDecl' || d.kind === 'MultiplyDecl' || d.kind === 'CapDecl') &&
          selected(components, d.selector).has(component),
      )
      .map((d) => sourceOf(text, d).trim());
    const base: CurveBase = {
      component: name,
      weight: component.weight?.ratio ? ratioValue(component.weight.ratio) : null,
      range: range ? { min: range.min, max: range.max } : null,
      limits: component.options.flatMap((option) =>
        option.value
          ? [
              {
                kind: option.option,
                value: literal(option.value),
                unit: option.value.percent ? ('percent' as const) : ('number' as const),
                text: sourceOf(text, option).trim(),
              },
            ]
          : [],
      ),
      planLines,
    };
    const payout = component.payout;
    if (payout?.kind === 'CurvePayout') {
      return {
        ...base,
        kind: 'curve',
        input: sourceOf(text, payout.input),
        inputUnit: unitOf(payout.bands.flatMap((b) => [b.bounds.lower, b.bounds.upper])),
        valueUnit: unitOf(payout.bands.flatMap((b) => [b.from, b.to])),
        perDeal: payout.apply === 'per deal',
        segments: segmentsOf(text, payout.bands),
      };
    }
    if (payout?.kind === 'RatesPayout') {
      return {
        ...base,
        kind: 'rates',
        input: sourceOf(text, payout.input),
        inputUnit: unitOf(payout.bands.flatMap((b) => [b.bounds.lower, b.bounds.upper])),
        mode: payout.mode ?? 'marginal',
        segments: segmentsOf(text, payout.bands),
      };
    }
    if (payout?.kind === 'TablePayout') {
      return {
        ...base,
        kind: 'table',
        rowInput: sourceOf(text, payout.rowInput),
        columnInput: sourceOf(text, payout.columnInput),
        rowUnit: unitOf(payout.rows.flatMap((r) => [r.band.lower, r.band.upper])),
        columnUnit: unitOf(payout.columns.flatMap((c) => [c.lower, c.upper])),
        rows: payout.rows.map((row) => bandOf(text, row.band)),
        columns: payout.columns.map((column) => bandOf(text, column)),
        cells: payout.rows.map((row) =>
          payout.columns.map((_, c) => (row.cells[c] ? literal(row.cells[c]) : null)),
        ),
        valueUnit: unitOf(payout.rows.flatMap((r) => r.cells)),
      };
    }
    return { ...base, kind: 'amount', text: sourceOf(text, payout).trim() };
  });
}
