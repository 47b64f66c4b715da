import type { CheckedPlan } from './checker/check-context.js';
import { checkPlanAst } from './checker/check-plan-ast.js';
import { type PayoutRange, payoutRange, payoutRangeDiagnostics } from './checker/payout-range.js';
import { renamedComponents } from './checker/renamed-components.js';
import { runExamples } from './checker/run-examples.js';
import { compilePlan } from './compiler/compile-plan.js';
import type { CompiledPlan } from './compiler/compiled-plan.js';
import { type Diagnostic, hasErrors } from './diagnostics.js';
import { type ParseResult, parsePlan } from './parser/parse-plan.js';

export interface CheckResult {
  /** Sorted by position; errors, warnings and infos (the payout range). */
  diagnostics: Diagnostic[];
  /** null when there is any error. */
  plan: CompiledPlan | null;
  /** What the plan can cost, as shares of target incentive; null when the text has syntax errors. */
  payoutRange: PayoutRange | null;
}

export interface CheckOptions {
  /**
   * Run the plan's examples (default true). An editor checking as the admin types can pass false:
   * the diagnostics are then those of the text alone, and the plan is compiled but unproven.
   */
  examples?: boolean;
  /**
   * The text of the version in force before this one in the same plan year. A component of it
   * that is gone while one with a new name and no code appears is a COMPONENT_RENAMED warning
   * when this plan subtracts what was paid earlier (a true-up, a running total).
   */
  previous?: string;
}

/** Text -> diagnostics + compiled plan. Runs the plan's examples unless told not to. Never throws. */
export function checkPlan(text: string, options: CheckOptions = {}): CheckResult {
  return checkParsedPlan(text, null, options);
}

/** What an editor already knows of a text: its parse and, when the parse has a tree, its checked plan. */
export interface AnalysedText {
  parsed: ParseResult;
  checked: CheckedPlan | null;
}

/**
 * checkPlan on a text whose parse (and check) the caller already has, so the language services
 * parse each edit once for diagnostics, completion and hover alike. Never throws.
 */
export function checkParsedPlan(
  text: string,
  analysed: AnalysedText | null,
  options: CheckOptions = {},
): CheckResult {
  try {
    const parsed = analysed?.parsed ?? parsePlan(text);
    if (!parsed.ast) {
      return { diagnostics: parsed.diagnostics, plan: null, payoutRange: null };
    }
    const checked = analysed?.checked ?? checkPlanAst(parsed.ast);
    const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
    // A tree rebuilt around syntax errors is missing parts: what it would cost is not the plan's cost.
    const range = hasErrors(parsed.diagnostics) ? null : payoutRange(parsed.ast, checked.measures);
    if (range) diagnostics.push(...payoutRangeDiagnostics(parsed.ast, range));
    let plan: CompiledPlan | null = null;
    if (!hasErrors(diagnostics)) {
      const compiled = compilePlan(checked, text);
      diagnostics.push(...compiled.diagnostics);
      if (options.examples !== false && !hasErrors(compiled.diagnostics)) {
        diagnostics.push(...runExamples(checked, compiled));
      }
      if (!hasErrors(diagnostics)) plan = compiled.plan;
      const previous = options.previous === undefined ? null : parsePlan(options.previous).ast;
      if (previous) diagnostics.push(...renamedComponents(previous, parsed.ast));
    }
    diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
    return { diagnostics, plan, payoutRange: range };
  } catch (error) {
    // A bug of ours must not become a crash for the admin: report it as a diagnostic.
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'INTERNAL_ERROR',
          message: `The checker failed on this text (${error instanceof Error ? error.message : String(error)}). Please report it.`,
          range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
        },
      ],
      plan: null,
      payoutRange: null,
    };
  }
}
