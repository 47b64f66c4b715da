/**
 * Questions about the syntax tree that more than one phase asks (the checker to report, the
 * compiler to build). They read the tree only; they never report and never learn units.
 */
import type * as ast from './ast.js';

/** The declared measures by name, as the checker collected them (the first of each name). */
export type MeasureTable = ReadonlyMap<string, ast.MeasureDecl>;

/** A band's bounds as numbers, unbounded as infinities. */
export interface Interval {
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
}

/** The bounds of a band as written (percentages as written: 80% is 80). */
export function intervalOf(range: ast.BandRange): Interval {
  return {
    lower: range.lower ? range.lower.written : Number.NEGATIVE_INFINITY,
    lowerInclusive: range.lower ? range.lowerInclusive : false,
    upper: range.upper ? range.upper.written : Number.POSITIVE_INFINITY,
    upperInclusive: range.upper ? range.upperInclusive : false,
  };
}

/** The aggregate a per-deal rate reads, following measure names; null when it is not a plain sum. */
export function perDealSource(measures: MeasureTable, e: ast.Expression): ast.AggregateExpr | null {
  const seen = new Set<string>();
  let current: ast.Expression | null = e;
  while (current) {
    if (current.kind === 'AggregateExpr')
      return current.aggregation === 'sum' && current.field ? current : null;
    if (current.kind === 'ContextExpr') current = current.operand;
    else if (current.kind === 'MeasureRef') {
      if (seen.has(current.name.text)) return null;
      seen.add(current.name.text);
      current = measures.get(current.name.text)?.value ?? null;
    } else return null;
  }
  return null;
}

/** A plain number, possibly negated (`-500`), without a percent sign; else null. */
export function plainLiteral(e: ast.Expression | null): ast.NumberLit | null {
  if (e?.kind === 'NumberLit' && !e.percent) return e;
  if (e?.kind === 'NegateExpr') return plainLiteral(e.operand);
  return null;
}

/**
 * `sum of churn_rate over teams ...` where `churn_rate` is a measure: the admin meant a statistic
 * of the measure, and the parser read a fact kind. The measure's name and where it is written;
 * null for anything else.
 */
export function misreadStatistic(
  measures: MeasureTable,
  e: ast.PopulationExpr,
): { operand: ast.AggregateExpr; measure: ast.Name } | null {
  const operand = e.operand;
  if (e.statistic !== null || operand?.kind !== 'AggregateExpr' || operand.field || !operand.factKind)
    return null;
  return measures.has(operand.factKind.text) ? { operand, measure: operand.factKind } : null;
}

/** The named measure's definition, following nothing else; null when there is none. */
export function measureValue(measures: MeasureTable, name: string): ast.Expression | null {
  return measures.get(name)?.value ?? null;
}
