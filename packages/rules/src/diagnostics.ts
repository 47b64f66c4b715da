/** Bad input is data: every problem found in a plan is one of these, never an exception. */
import type { Range } from './parser/ast.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every code a diagnostic can carry, grouped by the phase that reports it. Front ends and tests
 * key on these, so a code is never renamed; a new one is added here first.
 */
export const DIAGNOSTIC_CODES = [
  // reading the text (parser/)
  'PLAN_TOO_LONG',
  'UNEXPECTED_CHARACTER',
  'SYNTAX_ERROR',
  'NESTED_TOO_DEEPLY',
  'EXPRESSION_TOO_LONG',
  // the header and names (checker/)
  'DUPLICATE_HEADER',
  'UNKNOWN_CURRENCY',
  'MISSING_PERIOD',
  'MISSING_CURRENCY',
  'TARGET_INCENTIVE_SHARE',
  'DUPLICATE_NAME',
  'UNKNOWN_MEASURE',
  'UNKNOWN_COMPONENT',
  'DUPLICATE_COMPONENT_CODE',
  'COMPONENT_CODE_INVALID',
  'MEASURE_CYCLE',
  // facts and units
  'UNKNOWN_FACT_KIND',
  'UNKNOWN_FIELD',
  'UNKNOWN_ATTRIBUTE',
  'MISSING_FIELD',
  'FIELD_NOT_NUMERIC',
  'FILTER_TYPE_MISMATCH',
  'UNIT_MISMATCH',
  'UNIT_UNCLEAR',
  'DIVISION_BY_ZERO',
  'POSSIBLE_DIVISION_BY_ZERO',
  'GOAL_WINDOW_NOT_ADDITIVE',
  // scopes and statistics over teams
  'ACCOUNT_SCOPE_PLACEMENT',
  'ACCOUNT_SHARE_OF_TARGET',
  'ACCOUNT_SCOPE_RATES',
  'ACCOUNT_SCOPE_CLAWBACK',
  'POPULATION_UNSTATED',
  'POPULATION_SCOPE',
  'POPULATION_STATISTIC_MISSING',
  'UNKNOWN_STATISTIC',
  'POPULATION_MISSING',
  'POPULATION_EMPTY',
  'POPULATION_DUPLICATE_TEAM',
  'POPULATION_NOT_A_MEASURE',
  'POPULATION_OPERAND',
  'POPULATION_NESTED',
  'POPULATION_IN_EXAMPLE',
  // components, curves, tables, rates, modifiers
  'WEIGHT_RANGE',
  'WEIGHTS_NOT_100',
  'WEIGHT_NOT_A_SHARE',
  'TIER_UNREACHABLE',
  'TIER_ABOVE_CAP',
  'CURVE_UNCOVERED',
  'CURVE_UNSORTED',
  'CURVE_OVERLAP',
  'CURVE_GAP',
  'CURVE_DECREASES',
  'LINEAR_NEEDS_BOUNDS',
  'TABLE_SHAPE',
  'RATE_IS_FLAT',
  'PER_DEAL_NEEDS_SUM',
  'PER_DEAL_UNSUPPORTED',
  'SPIFF_DEALS_UNCLEAR',
  // quota rules of goals
  'SEASONALITY_SHAPE',
  'SEASONALITY_NOT_100',
  'RAMP_NEEDS_PRORATION',
  'QUOTA_NOT_ADDITIVE',
  'QUOTA_RULE_ON_TEAM_GOAL',
  'DEAL_TIERS_UNSPLIT',
  'NEGATIVE_CAP',
  'CLAWBACK_SHARE',
  'CLAWBACK_WINDOW',
  'DUPLICATE_DRAW',
  'DRAW_AMOUNT',
  'DRAW_PERIOD',
  'DRAW_RANGE',
  'DRAW_NOT_RECOVERABLE',
  'HOLD_RELEASE_FACT',
  'DUPLICATE_HOLD',
  'ACCOUNT_SCOPE_HOLD',
  'EXAMPLE_VALUES',
  // found while compiling, and by running the examples
  'TRUE_UP_GOAL_OF_PERIOD',
  'TRUE_UP_NEEDS_YEAR_TO_DATE',
  'YEAR_TO_DATE_PAID_AGAIN',
  'PAY_CONVERSION_NO_FACTS',
  'EXAMPLE_FAILED',
  // against the version before (checkPlan's `previous`)
  'COMPONENT_RENAMED',
  // what the plan can cost (info)
  'PAYOUT_RANGE',
  // the checker itself, and the API around it (a time budget, an answer too long to send)
  'INTERNAL_ERROR',
  'PLAN_TOO_COMPLEX',
  'TOO_MANY_DIAGNOSTICS',
] as const;

/** A stable diagnostic code, e.g. 'UNKNOWN_MEASURE'. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** An edit that fixes the problem, for an editor's quick fix: replace `range` with `replacement`. */
export interface Suggestion {
  /** What the edit does, e.g. "Replace with 'revenue'". */
  message: string;
  range: Range;
  replacement: string;
}

/** Another place in the text that explains the problem, e.g. the first declaration of a name. */
export interface RelatedInformation {
  message: string;
  range: Range;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable, e.g. 'UNKNOWN_MEASURE'; front ends and tests key on it. */
  code: DiagnosticCode;
  /** What is wrong and how to fix it, in the admin's words. */
  message: string;
  range: Range;
  /** Edits that would fix it (a did-you-mean); absent when there is none. */
  suggestions?: Suggestion[];
  /** Other places the message refers to; absent when there is none. */
  related?: RelatedInformation[];
}

/** A range covering the whole of a short text, for problems that belong to no node. */
export function startRange(): Range {
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

/** True when any of the diagnostics is an error (so the plan must not be compiled). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
