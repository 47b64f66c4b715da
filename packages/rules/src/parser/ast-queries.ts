/**
 * Questions about the syntax tree that more than one phase asks (the checker to report, the
 * compiler to build). They read the tree only; they never report and never learn units.
 */
import { FACT_KINDS } from '../fact-kinds.js';
import type * as ast from './ast.js';

/** A component's identity across plan versions: its `code` when written, else its name. */
export function componentCode(component: ast.ComponentDecl): string {
  return component.code?.text ?? component.name?.text ?? '';
}

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

/**
 * The kind of fact a SPIFF's deals are: the kind written after 'of', or else the one kind that
 * has every attribute the filters name ('where strategic and won' is an opportunity); null when
 * the text does not decide (no filter, or attributes several kinds have).
 */
export function dealKind(deals: ast.AggregateExpr): string | null {
  if (deals.factKind) return deals.factKind.text;
  const attributes = deals.filters.flatMap((f) => (f.attribute ? [f.attribute.text] : []));
  if (attributes.length === 0) return null;
  const kinds = dealKindsWith(attributes);
  return kinds.length === 1 ? kinds[0]! : null;
}

/** The kinds of fact that have every one of these attributes. */
export function dealKindsWith(attributes: readonly string[]): string[] {
  return Object.entries(FACT_KINDS as Record<string, Record<string, unknown>>)
    .filter(([, fields]) => attributes.every((a) => a in fields))
    .map(([kind]) => kind);
}

/**
 * A SPIFF's deals as the count the compiler and unit inference read: the measure named after
 * 'per deal of' when it names one (`per deal of strategic_wins`, which an example can give), or
 * the count of the deals with their kind decided; null when the text does not decide the kind.
 */
export function spiffCount(measures: MeasureTable, deals: ast.AggregateExpr): ast.Expression | null {
  if (deals.factKind && measures.has(deals.factKind.text))
    return { kind: 'MeasureRef', name: deals.factKind, range: deals.range };
  const kind = dealKind(deals);
  if (kind === null) return null;
  if (deals.factKind) return deals;
  return { ...deals, factKind: { kind: 'Name', text: kind, range: deals.range } };
}
