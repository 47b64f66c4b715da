export type { CheckOptions, CheckResult } from './check-plan.js';
export { checkPlan } from './check-plan.js';
export {
  type CurveLimit,
  type CurveSegment,
  type CurveUnit,
  type PayoutCurve,
  payoutCurves,
  type TableBand,
} from './checker/payout-curves.js';
export type { PayoutRange, ShareRange } from './checker/payout-range.js';
export { renamedComponentsOf } from './checker/renamed-components.js';
export type * from './compiler/compiled-plan.js';
export type { Diagnostic, DiagnosticCode, RelatedInformation, Severity, Suggestion } from './diagnostics.js';
export { DIAGNOSTIC_CODES } from './diagnostics.js';
export { renderExplanation } from './evaluator/render-explanation.js';
export {
  COMMON_FACT_FIELDS,
  FACT_KINDS,
  type FactFieldSpec,
  type FactFieldType,
  type FactKind,
  MONEY_FIELD_NAMES,
} from './fact-kinds.js';
export type { FormatResult } from './formatter/format-plan.js';
export { formatPlan } from './formatter/format-plan.js';
export { MAX_PLAN_TEXT_LENGTH } from './limits.js';
export * from './money/index.js';
export type * from './parser/ast.js';
export { MAX_DECLARATION_OPERATORS, MAX_EXPRESSION_NESTING } from './parser/nesting-limit.js';
export type { ParseResult } from './parser/parse-plan.js';
export { parsePlan } from './parser/parse-plan.js';
export * from './services/index.js';
export type * from './vocabulary.js';
