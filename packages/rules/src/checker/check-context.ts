/**
 * What the checker's passes share: the tables unit inference fills (which the compiler reads),
 * the checked plan, and how a problem is reported.
 */
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { closestName, didYouMean, replaceWith } from '../did-you-mean.js';
import type * as ast from '../parser/ast.js';
import type { Unit } from './units.js';

/**
 * What unit inference learns about the tree. The compiler reads these and nothing the checks
 * report, so skipping or breaking a check cannot change compiled cents.
 */
export interface UnitTables {
  /** The unit of every expression inference reached. */
  units: Map<ast.Expression, Unit>;
  /** Plain numbers written next to money: compiled to minor units. */
  moneyLiterals: Set<ast.NumberLit>;
  /** The unit each goal is used in (from what it is divided into or compared with). */
  goalUnits: Map<string, Unit>;
}

/** A parsed plan with its names, units and diagnostics: what the compiler needs. */
export interface CheckedPlan extends UnitTables {
  plan: ast.PlanNode;
  diagnostics: Diagnostic[];
  /** The first declaration of each measure name. */
  measures: Map<string, ast.MeasureDecl>;
  /** The first declaration of each component name. */
  components: Map<string, ast.ComponentDecl>;
  currency: string;
  currencyDigits: number;
}

/** Anything diagnostics are reported into. */
export interface Reporter {
  diagnostics: Diagnostic[];
}

/** What a registered check sees: the checked plan (read only) and where to report. */
export interface CheckContext extends Reporter {
  checked: CheckedPlan;
}

/** Adds one diagnostic; `extra` carries a did-you-mean edit or related places. */
export function report(
  ctx: Reporter,
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
export function reportUnknown(
  ctx: Reporter,
  code: DiagnosticCode,
  message: string,
  name: ast.Name,
  known: Iterable<string>,
  quote = false,
): void {
  const closest = closestName(name.text, known);
  const replacement = closest === null ? null : quote ? `"${closest}"` : closest;
  report(ctx, 'error', code, `${message}${didYouMean(closest)}`, name.range, {
    suggestions: replaceWith(closest, name.range, replacement),
  });
}

/** The unit inference gave an expression; 'any' for one it did not reach or could not type. */
export function unitOf(checked: UnitTables, e: ast.Expression | null): Unit {
  return (e && checked.units.get(e)) || 'any';
}

/** A number as an admin writes it: 1,250.5. */
export function formatNumber(value: number): string {
  return Number(value.toFixed(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How to write a statistic over teams, for messages that refuse a vaguer form. */
export const populationForms =
  "'mean of X over teams on this plan' (the average of each team's X), 'median of X over teams on this plan', or 'pooled X over teams on this plan' (X over the teams' facts added together); instead of 'teams on this plan' write 'teams in vertical \"Retail\"', 'teams in geography \"EMEA\"' or 'teams \"T1\", \"T2\"' (team ids)";
